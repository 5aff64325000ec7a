namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>Profile</c>: counts are numbers, <c>historyId</c> a string.</summary>
internal sealed record ProfileResource(string EmailAddress, int MessagesTotal, int ThreadsTotal, string HistoryId);
