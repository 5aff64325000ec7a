using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Abstractions;
using Nudge.Core.Quota;

namespace Nudge.Web.Api;

/// <summary><c>/api/v1/stats</c>: each mailbox's sending against its limits, each sequence's enrollments by state.</summary>
internal static class StatsApi
{
    public static void Map(RouteGroupBuilder api, IEngineStore store, NudgeApiOptions options, TimeProvider time)
    {
        api.MapGet("/stats", (CancellationToken cancellationToken) => GetAsync(store, options, time, cancellationToken))
            .WithTags("Stats")
            .WithName("GetStats")
            .WithSummary("Sends per mailbox in the last 24 hours against its limit, and enrollments per sequence by state")
            .Produces<StatsView>();
    }

    private static async Task<IResult> GetAsync(IEngineStore store, NudgeApiOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // The worker's own governor, read-only here: the same window and share it sends by.
        var quota = new QuotaGovernor(store, time);
        var mailboxes = new List<MailboxStatsView>();
        foreach (var mailbox in await store.ListMailboxesAsync(cancellationToken))
        {
            var usage = await quota.GetUsageAsync(mailbox, cancellationToken);
            var sent = await store.CountSentSinceAsync(mailbox.Id, now - TimeSpan.FromDays(1), cancellationToken);
            mailboxes.Add(new MailboxStatsView(mailbox.Email, mailbox.Status == MailboxStatus.Paused ? "paused" : "active", mailbox.PausedReason,
                sent, usage.SendsInWindow, usage.DailyShare, usage.DailyLimit));
        }

        var counts = await store.CountEnrollmentsByStateAsync(cancellationToken);
        var names = counts.Select(c => c.SequenceName).Concat(options.Sequences.Select(s => s.Name)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var sequences = names.Select(name =>
        {
            var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var count in counts.Where(c => c.SequenceName == name))
            {
                states[count.State] = states.GetValueOrDefault(count.State) + count.Count;
            }

            return new SequenceStatsView(name, states.Values.Sum(), states);
        }).ToList();

        return Results.Json(new StatsView(now, mailboxes, sequences), WebJsonContext.Default.StatsView);
    }
}
