using Microsoft.Extensions.Logging;

namespace Nudge.Web.Dashboard;

/// <summary>The dashboard's log messages, with stable event ids. Never log passwords, password hashes or API keys.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "Dashboard setup: created the account {Username}")]
    public static partial void AccountCreated(ILogger logger, string username);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Dashboard sign-in as {Username} from {Client}")]
    public static partial void SignedIn(ILogger logger, string username, string client);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Dashboard sign-in failed for {Username} from {Client}")]
    public static partial void SignInFailed(ILogger logger, string username, string client);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning,
        Message = "Dashboard sign-ins for {Username} or from {Client} are refused for {Lockout} after repeated failures")]
    public static partial void LockedOut(ILogger logger, string username, string client, TimeSpan lockout);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Dashboard: rehashed the password of {Username} with the current parameters")]
    public static partial void PasswordRehashed(ILogger logger, string username);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Dashboard: API key {Prefix}… ({Name}) created by {Username}")]
    public static partial void ApiKeyCreated(ILogger logger, string prefix, string name, string username);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Dashboard: API key {KeyId} revoked by {Username}")]
    public static partial void ApiKeyRevoked(ILogger logger, long keyId, string username);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Dashboard: {Username} started a sign-in of {Email} at {Authority}")]
    public static partial void OAuthStarted(ILogger logger, string email, string authority, string username);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Warning, Message = "Dashboard: mailbox {Email} connected ({Kind}; signed in again: {Again})")]
    public static partial void MailboxConnected(ILogger logger, string email, string kind, bool again);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Dashboard: the sign-in was for {Actual}, not {Expected}; nothing was saved")]
    public static partial void WrongAccount(ILogger logger, string actual, string expected);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Warning, Message = "Dashboard: an OAuth callback was refused: {Reason}")]
    public static partial void OAuthCallbackRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Warning, Message = "Dashboard: connecting {Email} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string email, string reason);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Information, Message = "Dashboard: mailbox {Email} resumed by {Username}")]
    public static partial void MailboxResumed(ILogger logger, string email, string username);

    [LoggerMessage(EventId = 7026, Level = LogLevel.Information,
        Message = "Dashboard: mailbox {Email} quota set by {Username}: regime {Regime}, daily limit {DailyLimit}")]
    public static partial void MailboxQuotaSet(ILogger logger, string email, string username, string regime, int dailyLimit);
}
