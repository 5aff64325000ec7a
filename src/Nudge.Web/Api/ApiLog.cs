using Microsoft.Extensions.Logging;

namespace Nudge.Web.Api;

/// <summary>The API's log messages, with stable event ids. Never log keys, tokens or request bodies.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Error, Message = "API request {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);
}
