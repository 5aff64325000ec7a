using Microsoft.Extensions.Logging;

namespace Nudge.Core;

/// <summary>The engine's log messages, with stable event ids. Never log tokens or message bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Sent step {Step} of enrollment {EnrollmentId} to {Recipient} (thread {ThreadId})")]
    public static partial void StepSent(ILogger logger, long enrollmentId, int step, string recipient, string threadId);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Step {Step} of enrollment {EnrollmentId} failed: {Reason}")]
    public static partial void StepFailed(ILogger logger, long enrollmentId, int step, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Step {Step} of enrollment {EnrollmentId} is already reserved; not sending it again")]
    public static partial void StepAlreadyReserved(ILogger logger, long enrollmentId, int step);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Gmail put step {Step} of enrollment {EnrollmentId} in thread {ActualThreadId}, not {ExpectedThreadId}: the reply did not thread")]
    public static partial void ThreadMismatch(ILogger logger, long enrollmentId, int step, string expectedThreadId, string actualThreadId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Step {Step} of enrollment {EnrollmentId} may or may not have been sent; it will not be resent blindly")]
    public static partial void SendAmbiguous(ILogger logger, long enrollmentId, int step, Exception exception);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Enrollment {EnrollmentId} stopped: {Reason}")]
    public static partial void EnrollmentStopped(ILogger logger, long enrollmentId, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "History of mailbox {Mailbox} is too old to read; starting again from now")]
    public static partial void HistoryExpired(ILogger logger, string mailbox);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Reading the mailbox {Mailbox} failed; trying again next cycle")]
    public static partial void SyncFailed(ILogger logger, string mailbox, Exception exception);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error, Message = "Mailbox {Mailbox} is paused: {Reason}")]
    public static partial void MailboxPaused(ILogger logger, string mailbox, string reason);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "No access token for mailbox {Mailbox} now; trying again later: {Reason}")]
    public static partial void TokenUnavailable(ILogger logger, string mailbox, string reason);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Could not read back the Message-ID of sent message {GmailMessageId}; it will be read when the next step needs it")]
    public static partial void MessageIdReadBackFailed(ILogger logger, string gmailMessageId, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Step {Step} of enrollment {EnrollmentId} was refused for now (attempt {Attempt}); retrying in {Delay}")]
    public static partial void StepRetry(ILogger logger, long enrollmentId, int step, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Could not check Gmail's SENT folder for step {Step} of enrollment {EnrollmentId}; checking again later")]
    public static partial void ReconcileFailed(ILogger logger, long enrollmentId, int step, Exception exception);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Debug, Message = "Step {Step} of enrollment {EnrollmentId} waits for the mailbox's quota ({Limit}) until {NotBefore}")]
    public static partial void SendDeferred(ILogger logger, long enrollmentId, int step, Nudge.Core.Quota.QuotaLimit limit, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Debug, Message = "No API units left to read mailbox {Mailbox} until {NotBefore}; reading it next cycle")]
    public static partial void SyncDeferred(ILogger logger, string mailbox, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Mailbox {MailboxId} reached Gmail's daily sending limit; its sends wait until {Until}")]
    public static partial void MailboxParked(ILogger logger, long mailboxId, DateTimeOffset until);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Enrollment {EnrollmentId}: {Category} from {Sender} changes nothing")]
    public static partial void InboundIgnored(ILogger logger, long enrollmentId, Nudge.Core.Classification.InboundCategory category, string sender);

    [LoggerMessage(EventId = 1044, Level = LogLevel.Information, Message = "Enrollment {EnrollmentId}: out-of-office reply from {Sender}; next step moved to {NotBefore}")]
    public static partial void OutOfOfficeDelayed(ILogger logger, long enrollmentId, string sender, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Information, Message = "Suppressed {Value}: {Reason}")]
    public static partial void AddressSuppressed(ILogger logger, string value, string reason);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Debug, Message = "Worker {WorkerId} holds {Count} mailboxes")]
    public static partial void MailboxesHeld(ILogger logger, string workerId, int count);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Information, Message = "Step {Step} of enrollment {EnrollmentId} skipped: {Reason}")]
    public static partial void StepSkipped(ILogger logger, long enrollmentId, int step, string reason);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "Mailbox {Mailbox}: Gmail no longer has the history checkpoint; a full sync read {Count} messages since {Since}")]
    public static partial void FullSync(ILogger logger, string mailbox, int count, DateTimeOffset since);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Information, Message = "Mailbox {Mailbox}: push notifications to {Topic} until {Expiration}")]
    public static partial void WatchRenewed(ILogger logger, string mailbox, string topic, DateTimeOffset expiration);

    [LoggerMessage(EventId = 1052, Level = LogLevel.Warning, Message = "Mailbox {Mailbox}: users.watch failed; polling goes on")]
    public static partial void WatchFailed(ILogger logger, string mailbox, Exception exception);

    [LoggerMessage(EventId = 1053, Level = LogLevel.Information, Message = "Rule {Rule} will answer message {MessageId} from {Sender}: {Reason}")]
    public static partial void RuleMatched(ILogger logger, string rule, string messageId, string sender, string reason);

    [LoggerMessage(EventId = 1054, Level = LogLevel.Information, Message = "Rule {Rule} does not answer message {MessageId} from {Sender}: {Reason}")]
    public static partial void RuleSkipped(ILogger logger, string rule, string messageId, string sender, string reason);

    [LoggerMessage(EventId = 1055, Level = LogLevel.Information, Message = "Rule {Rule} answered {Sender} in thread {ThreadId}")]
    public static partial void RuleReplySent(ILogger logger, string rule, string sender, string threadId);

    [LoggerMessage(EventId = 1056, Level = LogLevel.Warning, Message = "Rule {Rule} could not answer {Sender}: {Reason}")]
    public static partial void RuleReplyFailed(ILogger logger, string rule, string sender, string reason);

    [LoggerMessage(EventId = 1057, Level = LogLevel.Information, Message = "Rule {Rule}: {Sender} enrolled in {Sequence} in thread {ThreadId}: {Outcome}")]
    public static partial void RuleFollowUp(ILogger logger, string rule, string sender, string sequence, string threadId, string outcome);

    [LoggerMessage(EventId = 1058, Level = LogLevel.Information, Message = "Unsubscribe mail {MessageId}: {Status} {Address}")]
    public static partial void UnsubscribedByMail(ILogger logger, string messageId, Nudge.Core.Unsubscribe.UnsubscribeStatus status, string? address);

    [LoggerMessage(EventId = 1059, Level = LogLevel.Warning, Message = "Rule {Rule} answered {Sender}, but could not enroll them in {Sequence}: {Reason}")]
    public static partial void RuleFollowUpRefused(ILogger logger, string rule, string sender, string sequence, string reason);

    [LoggerMessage(EventId = 1063, Level = LogLevel.Warning, Message = "Mailbox {Mailbox}: the full sync stopped at {Limit} messages; older mail since {Since} was not read")]
    public static partial void FullSyncTruncated(ILogger logger, string mailbox, int limit, DateTimeOffset since);
}
