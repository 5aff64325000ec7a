using System.Text;
using Dapper;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Webhooks;

namespace Nudge.Storage;

// The HTTP API's listings and stats, and webhooks out (issue 7).
public abstract partial class SqlEngineStore
{
    // Small enough that a batch holds SQLite's writer for milliseconds and stays far below either database's limit on
    // parameters (the ids are sent as a list).
    private const int PauseBatchSize = 500;

    public async Task<ResultPage<EnrollmentListing>> ListEnrollmentsPageAsync(EnrollmentFilter filter, EnrollmentOrder order, int offset, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var parameters = FilterParameters(filter, new { offset = (long)offset, limit = (long)limit });
        var query = order == EnrollmentOrder.NewestFirst ? "ListEnrollmentPageNewestFirst" : "ListEnrollmentPage";
        var (rows, total) = await ReadAsync(
            async c =>
            {
                var rows = await c.QueryAsync<EnrollmentRow, EnrollmentAddressesRow, EnrollmentListing>(
                    Command(query, parameters, cancellationToken),
                    (e, a) => new EnrollmentListing(e.ToModel(), a.ContactEmail, a.MailboxEmail),
                    splitOn: "contact_email");
                var total = await c.ExecuteScalarAsync<long>(Command("CountEnrollmentPage", parameters, cancellationToken));
                return (rows, total);
            },
            cancellationToken);
        return new ResultPage<EnrollmentListing>([.. rows], checked((int)total));
    }

    public async Task<int> CountEnrollmentsAsync(EnrollmentFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var total = await ReadAsync(
            c => c.ExecuteScalarAsync<long>(Command("CountEnrollmentPage", FilterParameters(filter, null), cancellationToken)), cancellationToken);
        return checked((int)total);
    }

    public async Task<IReadOnlyList<string>> ListEnrolledSequenceNamesAsync(CancellationToken cancellationToken)
    {
        var names = await ReadAsync(c => c.QueryAsync<string>(Command("ListEnrolledSequenceNames", null, cancellationToken)), cancellationToken);

        // PostgreSQL orders text by the database's collation; the pages sort names ordinally, as they always did.
        return [.. names.Order(StringComparer.Ordinal)];
    }

    public async Task<int> PauseMatchingEnrollmentsAsync(EnrollmentFilter filter, string reason, string eventDetail, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventDetail);
        if ((filter.Status is { } status && status != EnrollmentStatus.Active) || filter.Paused == true)
        {
            return 0;
        }

        var atMs = StoreRows.ToUnixMs(at);
        var paused = 0;
        var afterId = 0L;
        while (true)
        {
            // Keyset batches: each one picks up after the last id it saw, so the filter's scan is not started over, and
            // each is a transaction of its own, so that the worker gets the writer between two batches.
            var parameters = FilterParameters(filter, new { afterId, limit = (long)PauseBatchSize });
            var (picked, batch) = await WriteAsync(
                async c =>
                {
                    await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                    var ids = (await c.QueryAsync<long>(Command("ListPausableEnrollmentIds", parameters, cancellationToken, transaction))).ToList();
                    if (ids.Count == 0)
                    {
                        return (ids, 0);
                    }

                    // Only the ones this update paused get an event: one that ended or paused meanwhile (PostgreSQL
                    // re-checks the condition on the locked row) is left as it is, as a one-click pause would leave it.
                    var changed = (await c.QueryAsync<long>(Command("PauseEnrollmentIds", new { ids, reason, at = atMs }, cancellationToken, transaction)))
                        .ToList();
                    if (changed.Count > 0)
                    {
                        await c.ExecuteAsync(Command("AddPausedEvents", new { ids = changed, at = atMs, detail = eventDetail }, cancellationToken,
                            transaction));
                    }

                    await transaction.CommitAsync(cancellationToken);
                    return (ids, changed.Count);
                },
                cancellationToken);
            paused += batch;
            if (picked.Count < PauseBatchSize)
            {
                return paused;
            }

            afterId = picked[^1];
        }
    }

    public async Task<IReadOnlyList<SequenceStateCount>> CountEnrollmentsByStateAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<SequenceStateCountRow>(Command("CountEnrollmentsByState", null, cancellationToken)),
            cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<ResultPage<Contact>> SearchContactsAsync(string? search, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var parameters = new { pattern = LikePattern(search), offset = (long)offset, limit = (long)limit };
        var (rows, total) = await ReadAsync(
            async c =>
            {
                var rows = await c.QueryAsync<ContactRow>(Command("SearchContacts", parameters, cancellationToken));
                var total = await c.ExecuteScalarAsync<long>(Command("CountContactsMatching", parameters, cancellationToken));
                return (rows, total);
            },
            cancellationToken);
        return new ResultPage<Contact>([.. rows.Select(r => r.ToModel())], checked((int)total));
    }

    public async Task<long> AddWebhookAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhook.Url, nameof(webhook));
        ArgumentException.ThrowIfNullOrEmpty(webhook.Secret, nameof(webhook));
        var parameters = new
        {
            url = webhook.Url,
            secret = webhook.Secret,
            events = WebhookEvents.Join(webhook.Events),
            createdAt = StoreRows.ToUnixMs(webhook.CreatedAt),
        };
        return await WriteAsync(c => c.ExecuteScalarAsync<long>(Command("AddWebhook", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<WebhookRow>(Command("ListWebhooks", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<Webhook?> GetWebhookAsync(long id, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<WebhookRow>(Command("GetWebhook", new { id }, cancellationToken)), cancellationToken);
        return row?.ToModel();
    }

    public async Task<bool> DisableWebhookAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync(c => c.ExecuteAsync(Command("DisableWebhook", new { id, at = StoreRows.ToUnixMs(at) }, cancellationToken)), cancellationToken) == 1;

    public async Task<IReadOnlyList<EnrollmentEventRecord>> ListEventsAfterAsync(long afterEventId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await ReadAsync(
            c => c.QueryAsync<EventRecordRow>(Command("ListEventsAfter", new { afterEventId, limit = (long)limit }, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<int> EnqueueWebhookDeliveriesAsync(long webhookId, IReadOnlyList<NewWebhookDelivery> deliveries, long cursorEventId,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var atMs = StoreRows.ToUnixMs(at);
        return await WriteAsync(
            async c =>
            {
                await using var transaction = await c.BeginTransactionAsync(cancellationToken);
                var added = 0;
                foreach (var delivery in deliveries)
                {
                    var parameters = new { webhookId, eventId = delivery.EventId, eventKind = delivery.EventType, payload = delivery.Payload, at = atMs };
                    added += await c.ExecuteAsync(Command("AddWebhookDelivery", parameters, cancellationToken, transaction));
                }

                await c.ExecuteAsync(Command("AdvanceWebhookCursor", new { webhookId, cursorEventId }, cancellationToken, transaction));
                await transaction.CommitAsync(cancellationToken);
                return added;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueWebhookDeliveriesAsync(DateTimeOffset now, int limit, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.Zero);
        var parameters = new { now = StoreRows.ToUnixMs(now), leaseUntil = StoreRows.ToUnixMs(now + lease), limit = (long)limit };
        var rows = await WriteAsync(c => c.QueryAsync<WebhookDeliveryRow>(Command("ClaimDueWebhookDeliveries", parameters, cancellationToken)),
            cancellationToken);

        // RETURNING has no order; the claim's was oldest due first, and the lease gave them all the same due time.
        return [.. rows.OrderBy(r => r.Id).Select(r => r.ToModel())];
    }

    public Task RecordWebhookAttemptAsync(long deliveryId, WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var parameters = new
        {
            id = deliveryId,
            state = (int)attempt.State,
            nextAttemptAt = StoreRows.ToUnixMs(attempt.NextAttemptAt),
            lastStatus = attempt.Status,
            lastError = attempt.Error,
            deliveredAt = attempt.State == WebhookDeliveryState.Delivered ? StoreRows.ToUnixMs(attempt.At) : (long?)null,
        };
        return WriteAsync(c => c.ExecuteAsync(Command("RecordWebhookAttempt", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListWebhookDeliveriesAsync(long webhookId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await ReadAsync(
            c => c.QueryAsync<WebhookDeliveryRow>(Command("ListWebhookDeliveries", new { webhookId, limit = (long)limit }, cancellationToken)),
            cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    /// <summary>The parameters of the listing's criteria (see <c>ListEnrollmentPage</c>), merged with the query's own.</summary>
    private static DynamicParameters FilterParameters(EnrollmentFilter filter, object? more)
    {
        var parameters = new DynamicParameters(more);
        parameters.AddDynamicParams(new
        {
            sequenceName = filter.SequenceName,
            status = (int?)filter.Status,
            paused = filter.Paused is { } paused ? (paused ? 1L : 0L) : (long?)null,
            pattern = LikePattern(filter.EmailSearch),
        });
        return parameters;
    }

    /// <summary><c>%text%</c> for <c>LIKE … ESCAPE '\'</c>, lowercased, its wildcards taken literally; <see langword="null"/> for no search.</summary>
    private static string? LikePattern(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return null;
        }

        var pattern = new StringBuilder("%");
        foreach (var ch in search.Trim().ToLowerInvariant())
        {
            if (ch is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(ch);
        }

        return pattern.Append('%').ToString();
    }
}
