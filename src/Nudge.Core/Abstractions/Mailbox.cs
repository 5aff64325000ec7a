using Nudge.Core.Quota;

namespace Nudge.Core.Abstractions;

/// <summary>A Gmail mailbox Nudge sends from.</summary>
/// <param name="Id">Store id; 0 before it is stored.</param>
/// <param name="Email">The mailbox's address, also its display identity.</param>
/// <param name="DisplayName">The name shown in From.</param>
/// <param name="ApiBaseUrl">Root URL of the Gmail API: Google's, or a sandbox's.</param>
/// <param name="AccessToken">
/// A bearer token that never expires, as the Gmail sandbox hands out; empty when the mailbox signs in with
/// <see cref="CredentialCiphertext"/> instead. Kept out of logs and of <see cref="ToString"/>.
/// </param>
/// <param name="HistoryCheckpoint">Gmail history id up to which the mailbox has been read, if ever.</param>
/// <param name="Kind">What kind of account it is, which sets its daily sending limit.</param>
/// <param name="Status">Whether the worker sends from and reads the mailbox.</param>
/// <param name="PausedReason">Why the mailbox is paused, in words that tell the user what to do.</param>
/// <param name="PausedAt">When it was paused.</param>
/// <param name="CredentialCiphertext">
/// The sign-in (OAuth refresh token or service-account key) encrypted with the installation's key; opaque to the
/// engine and the store. <see langword="null"/> for a static <see cref="AccessToken"/>.
/// </param>
/// <param name="TokenUrl">The OAuth token endpoint the credential is refreshed at: Google's, or a sandbox's.</param>
/// <param name="QuotaRegime">The API quota regime of the Cloud project the mailbox is reached through (GMAIL-FACTS §3a).</param>
/// <param name="DailyLimitOverride">
/// The daily sending limit to use instead of the kind's (a trial Workspace account's 500, a lower self-imposed limit).
/// </param>
/// <param name="TimeZoneId">
/// The IANA zone the mailbox writes in, for contacts and sequences that name none; <see langword="null"/> for UTC.
/// </param>
/// <param name="HistorySyncedAt">
/// When the history was last read up to <see cref="HistoryCheckpoint"/>: after Gmail forgets the checkpoint, a full
/// sync lists the messages since then.
/// </param>
/// <param name="WatchExpiresAt">Until when Gmail publishes the mailbox's changes to the push topic (<c>users.watch</c>).</param>
public sealed record Mailbox(
    long Id,
    string Email,
    string DisplayName,
    string ApiBaseUrl,
    string AccessToken,
    ulong? HistoryCheckpoint,
    MailboxKind Kind = MailboxKind.Sandbox,
    MailboxStatus Status = MailboxStatus.Active,
    string? PausedReason = null,
    DateTimeOffset? PausedAt = null,
    string? CredentialCiphertext = null,
    string? TokenUrl = null,
    GmailQuotaRegime QuotaRegime = GmailQuotaRegime.May2026,
    int? DailyLimitOverride = null,
    string? TimeZoneId = null,
    DateTimeOffset? HistorySyncedAt = null,
    DateTimeOffset? WatchExpiresAt = null)
{
    /// <summary>Google's OAuth token endpoint.</summary>
    public const string GoogleTokenUrl = "https://oauth2.googleapis.com/token";

    /// <summary>The root URL of Google's Gmail API.</summary>
    public const string GoogleApiBaseUrl = "https://gmail.googleapis.com/";

    /// <summary>
    /// How many messages Gmail lets the mailbox send per rolling 24 hours: <see cref="DailyLimitOverride"/> if set, else
    /// its kind's limit.
    /// </summary>
    public int DailySendLimit => DailyLimitOverride ?? (Kind == MailboxKind.Workspace ? 2_000 : 500);

    /// <summary>Never prints the token nor the credential.</summary>
    public override string ToString() =>
        $"Mailbox {{ Id = {Id}, Email = {Email}, Kind = {Kind}, Status = {Status}, ApiBaseUrl = {ApiBaseUrl} }}";
}
