using System.Text.Json.Serialization;

namespace Nudge.Core.GmailApi;

/// <summary>The answer of <c>users.getProfile</c>.</summary>
public sealed record GmailProfile(
    string EmailAddress,
    int MessagesTotal,
    int ThreadsTotal,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] ulong HistoryId);
