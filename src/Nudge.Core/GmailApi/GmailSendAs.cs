namespace Nudge.Core.GmailApi;

/// <summary>
/// An address the mailbox may send as (<c>settings.sendAs.list</c>). Gmail silently rewrites a <c>From</c> that is not
/// one of these, so check before sending as an alias.
/// </summary>
/// <param name="SendAsEmail">The address.</param>
/// <param name="DisplayName">The name shown with it.</param>
/// <param name="ReplyToAddress">The Reply-To Gmail adds, if any.</param>
/// <param name="Signature">The HTML signature.</param>
/// <param name="IsPrimary">Whether this is the account's own address.</param>
/// <param name="IsDefault">Whether this is the default From.</param>
/// <param name="TreatAsAlias">Gmail's "treat as an alias" setting.</param>
/// <param name="VerificationStatus"><c>accepted</c> or <c>pending</c>; absent for the primary and native aliases.</param>
public sealed record GmailSendAs(
    string SendAsEmail,
    string? DisplayName = null,
    string? ReplyToAddress = null,
    string? Signature = null,
    bool IsPrimary = false,
    bool IsDefault = false,
    bool TreatAsAlias = false,
    string? VerificationStatus = null);
