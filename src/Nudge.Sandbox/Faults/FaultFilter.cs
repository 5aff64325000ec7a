using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Api;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Observability;

namespace Nudge.Sandbox.Faults;

/// <summary>
/// Injects <see cref="GmailSandboxOptions.Faults"/> into Gmail calls: latency, 429 bursts and backend errors before
/// the handler runs, and for <c>messages.send</c> a dropped connection after the message is stored. Reads the options
/// on every call, so faults changed at run time (<c>PUT /sandbox/faults</c>) apply at once, with a fresh seed.
/// </summary>
internal sealed class FaultFilter(GmailSandboxOptions options, SandboxMetrics metrics) : IEndpointFilter
{
    private readonly Lock _gate = new();
    private SandboxFaults? _faults;
    private Random _random = new();
    private DateTimeOffset _burstEpoch;
    private long _burstWindow = -1;
    private int _burstCount;

    private enum Decision
    {
        None,
        Burst429,
        Error500,
        Error503,
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.Faults is not { IsEmpty: false } faults)
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var time = options.TimeProvider;
        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, time, http.RequestAborted);
        }

        var isSend = http.GetEndpoint()?.Metadata.GetMetadata<GmailRpc>()?.Name == "SendMessage";
        var (decision, drop) = Decide(faults, time.GetUtcNow(), isSend);
        switch (decision)
        {
            case Decision.Burst429:
                return PolicyErrors.ResourceExhausted();
            case Decision.Error500:
                return PolicyErrors.BackendError();
            case Decision.Error503:
                return PolicyErrors.Unavailable();
            case Decision.None:
                break;
        }

        var result = await next(context);
        if (!drop || result is GoogleErrorResult)
        {
            return result;
        }

        // The ambiguous outcome: the message is stored, but the client never hears so. The endpoint's result has not
        // been written yet (minimal APIs write it after the filters), so aborting now leaves the response empty.
        metrics.RecordDroppedConnection();
        http.Abort();
        return Results.Empty;
    }

    private (Decision Decision, bool Drop) Decide(SandboxFaults faults, DateTimeOffset now, bool isSend)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(faults, _faults))
            {
                _faults = faults;
                _random = faults.Seed is { } seed ? new Random(seed) : new Random();
                _burstEpoch = now;
                _burstWindow = -1;
            }

            if (faults.BurstCalls > 0)
            {
                var window = (now - _burstEpoch).Ticks / faults.BurstPeriod.Ticks;
                if (window != _burstWindow)
                {
                    _burstWindow = window;
                    _burstCount = 0;
                }

                if (_burstCount < faults.BurstCalls)
                {
                    _burstCount++;
                    return (Decision.Burst429, false);
                }
            }

            if (faults.ErrorRate > 0 && _random.NextDouble() < faults.ErrorRate)
            {
                return (_random.Next(2) == 0 ? Decision.Error500 : Decision.Error503, false);
            }

            return (Decision.None, isSend && faults.DropAfterSendRate > 0 && _random.NextDouble() < faults.DropAfterSendRate);
        }
    }
}
