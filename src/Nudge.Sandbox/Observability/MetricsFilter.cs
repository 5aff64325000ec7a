using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Api;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Observability;

/// <summary>
/// The outermost Gmail filter: counts every call, including those the auth filter refuses, with the reason of the
/// Google error it ended in.
/// </summary>
internal sealed class MetricsFilter(SandboxMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var rpc = http.GetEndpoint()?.Metadata.GetMetadata<GmailRpc>()?.Name ?? "Unknown";
        var mailbox = http.Items[typeof(MailboxState)] as MailboxState;
        metrics.RecordCall(mailbox?.Email, rpc, ReasonOf(result));
        return result;
    }

    private static string? ReasonOf(object? result) => result switch
    {
        GoogleErrorResult error => error.Body.Errors.Count > 0 ? error.Body.Errors[0].Reason : error.Body.Status,
        HeaderedResult headered => ReasonOf(headered.Inner),
        _ => null,
    };
}
