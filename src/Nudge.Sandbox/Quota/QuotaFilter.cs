using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Api;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Observability;

namespace Nudge.Sandbox.Quota;

/// <summary>
/// Charges each call's units against the per-user per-minute quota of <see cref="GmailSandboxOptions.QuotaRegime"/>
/// and enforces the daily sending limit; runs after authentication, so units are charged to the token's mailbox.
/// </summary>
/// <remarks>
/// Going over the per-minute quota gets 403 <c>usageLimits</c>/<c>rateLimitExceeded</c> with the "Quota exceeded for
/// quota metric 'Queries'…" body, the most often observed form (GMAIL-FACTS §4 and §11 name 403 first, 429 as the
/// exception). The daily sending limit gets 429 "User-rate limit exceeded.  Retry after … (Mail sending)". A send
/// refused by the daily limit still costs its units, as Google counts requests before its backend refuses them.
/// </remarks>
internal sealed class QuotaFilter(SandboxState state, SandboxMetrics metrics) : IEndpointFilter
{
    private readonly Dictionary<MailboxState, UserQuota> _quotas = [];
    private readonly Lock _gate = new();

    public static int UnitsPerMinute(QuotaRegime regime) => regime switch
    {
        QuotaRegime.Legacy => 15_000,
        QuotaRegime.May2026 => 6_000,
        _ => throw new ArgumentOutOfRangeException(nameof(regime)),
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<GmailRpc>()?.Name is not { } rpc
            || GmailMethodCatalog.Find(rpc) is not { } method
            || http.Items[typeof(MailboxState)] is not MailboxState mailbox)
        {
            return await next(context);
        }

        var options = state.Options;
        var now = options.TimeProvider.GetUtcNow();
        var quota = QuotaOf(mailbox);
        var units = method.Units(options.QuotaRegime);
        var limit = options.UnitsPerMinute ?? UnitsPerMinute(options.QuotaRegime);
        if (!quota.TryCharge(now, units, limit))
        {
            return PolicyErrors.PerMinuteQuota(limit);
        }

        metrics.RecordUnits(mailbox.Email, rpc, units);
        if (!method.Sends)
        {
            return await next(context);
        }

        var dailyLimit = options.DailySendLimit ?? (mailbox.Grant.Kind == SandboxAccountKind.Workspace ? 2_000 : 500);
        if (!quota.TryReserveSend(now, dailyLimit, out var retryAfter))
        {
            return PolicyErrors.DailySendLimit(retryAfter);
        }

        var succeeded = false;
        try
        {
            var result = await next(context);
            succeeded = IsSuccess(result);
            return result;
        }
        finally
        {
            if (succeeded)
            {
                metrics.RecordSend(mailbox.Email, now);
            }
            else
            {
                quota.Release(now);
            }
        }
    }

    private static bool IsSuccess(object? result) => result switch
    {
        GoogleErrorResult or HeaderedResult => false,
        IStatusCodeHttpResult { StatusCode: >= 400 } => false,
        _ => true,
    };

    private UserQuota QuotaOf(MailboxState mailbox)
    {
        lock (_gate)
        {
            if (!_quotas.TryGetValue(mailbox, out var quota))
            {
                quota = new UserQuota();

                // The sends of the last 24 hours are in the mailbox itself (SENT), so a sandbox restarted with its state
                // file keeps enforcing the rolling window instead of granting a fresh day.
                lock (mailbox.Gate)
                {
                    quota.SeedSends(mailbox.Messages
                        .Where(m => m.LabelIds.Contains(SystemLabels.Sent, StringComparer.Ordinal))
                        .Select(m => DateTimeOffset.FromUnixTimeMilliseconds(m.InternalDate)), state.Options.TimeProvider.GetUtcNow());
                }

                _quotas.Add(mailbox, quota);
            }

            return quota;
        }
    }
}
