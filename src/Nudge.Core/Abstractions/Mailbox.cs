namespace Nudge.Core.Abstractions;

/// <summary>A Gmail mailbox Nudge sends from.</summary>
/// <param name="Id">Store id; 0 before it is stored.</param>
/// <param name="Email">The mailbox's address, also its display identity.</param>
/// <param name="DisplayName">The name shown in From.</param>
/// <param name="ApiBaseUrl">Root URL of the Gmail API: Google's, or a sandbox's.</param>
/// <param name="AccessToken">Bearer token for the API. Kept out of logs and of <see cref="ToString"/>.</param>
/// <param name="HistoryCheckpoint">Gmail history id up to which the mailbox has been read, if ever.</param>
public sealed record Mailbox(long Id, string Email, string DisplayName, string ApiBaseUrl, string AccessToken, ulong? HistoryCheckpoint)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"Mailbox {{ Id = {Id}, Email = {Email}, ApiBaseUrl = {ApiBaseUrl} }}";
}
