using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nudge.Core.Abstractions;
using Nudge.Core.Webhooks;

namespace Nudge.Web.Webhooks;

/// <summary>
/// Sends webhooks out. Each round it reads the events appended to the timeline since each webhook's cursor, makes a
/// delivery for each event the webhook subscribed to (one per webhook and event, fixed payload), then POSTs the
/// deliveries that are due, signed (<see cref="WebhookSignature"/>). A 2xx answer delivers; anything else (another
/// status, a refused connection, a timeout) is tried again after <see cref="WebhookOptions.Backoff"/>, until it gives up.
/// </summary>
/// <remarks>
/// <para>Everything is in the store, so a restart loses nothing: the cursor says which events were considered, the
/// deliveries which were sent. A receiver may get a delivery twice (a crash between its 2xx and the record of it): the
/// <c>Nudge-Delivery</c> header is the same on every attempt, for it to drop duplicates.</para>
/// <para>Several dispatchers may share one PostgreSQL database (one per worker): making a delivery twice changes nothing,
/// and a due delivery is claimed with a lease (<see cref="WebhookOptions.Lease"/>) so that one dispatcher sends it.</para>
/// <para>It sleeps <see cref="WebhookOptions.PollInterval"/> between rounds on the <see cref="TimeProvider"/>; tests call
/// <see cref="RunOnceAsync"/> instead and move a fake clock.</para>
/// </remarks>
public sealed class WebhookDispatcher : BackgroundService
{
    private const int EventBatch = 500;
    private const int MaxErrorLength = 300;

    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly WebhookOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly Random _random;

    // First seen, per missing event id: see WebhookOptions.GapTimeout.
    private readonly ConcurrentDictionary<long, DateTimeOffset> _gaps = new();

    /// <param name="store">Webhooks, events and deliveries.</param>
    /// <param name="timeProvider">The clock of attempts, backoff and the signature's timestamp.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="handler">The HTTP handler (tests); by default one that follows no redirect, so a 3xx is a failed attempt.</param>
    /// <param name="random">Places each retry within its jitter; <see cref="Random.Shared"/> by default.</param>
    public WebhookDispatcher(IEngineStore store, TimeProvider timeProvider, WebhookOptions? options = null, ILogger<WebhookDispatcher>? logger = null,
        HttpMessageHandler? handler = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _time = timeProvider;
        _options = options ?? new WebhookOptions();
        _logger = logger ?? NullLogger<WebhookDispatcher>.Instance;
        _random = random ?? Random.Shared;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // The per-attempt timeout runs on the TimeProvider (RequestTimeout); this one only guards against a bug there.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Nudge-Webhooks/1");
    }

    /// <summary>One round: deliveries for the events new since each webhook's cursor, then the due deliveries sent.</summary>
    public async Task<WebhookRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var enqueued = 0;
        foreach (var webhook in await _store.ListWebhooksAsync(cancellationToken))
        {
            enqueued += await EnqueueAsync(webhook, cancellationToken);
        }

        int delivered = 0, retrying = 0, givenUp = 0;
        var due = await _store.ClaimDueWebhookDeliveriesAsync(_time.GetUtcNow(), _options.BatchSize, _options.Lease, cancellationToken);
        var webhooks = new Dictionary<long, Webhook?>();
        foreach (var delivery in due)
        {
            if (!webhooks.TryGetValue(delivery.WebhookId, out var webhook))
            {
                webhooks[delivery.WebhookId] = webhook = await _store.GetWebhookAsync(delivery.WebhookId, cancellationToken);
            }

            if (webhook is not { IsActive: true })
            {
                // Deleted after the claim: its lease runs out and the claim skips it from then on.
                continue;
            }

            switch ((await SendAsync(webhook, delivery, cancellationToken)).State)
            {
                case WebhookDeliveryState.Delivered:
                    delivered++;
                    break;
                case WebhookDeliveryState.Pending:
                    retrying++;
                    break;
                case WebhookDeliveryState.Failed:
                    givenUp++;
                    break;
            }
        }

        return new WebhookRound(enqueued, delivered, retrying, givenUp);
    }

    /// <summary>Rounds until the host stops, <see cref="WebhookOptions.PollInterval"/> apart; a failed round is logged and the next one runs.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                WebhookLog.RoundFailed(_logger, ex);
            }

            await Task.Delay(_options.PollInterval, _time, stoppingToken);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task<int> EnqueueAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        var subscribed = webhook.Events.ToHashSet(StringComparer.Ordinal);
        var cursor = webhook.CursorEventId;
        var enqueued = 0;
        while (true)
        {
            var events = await _store.ListEventsAfterAsync(cursor, EventBatch, cancellationToken);
            if (events.Count == 0)
            {
                return enqueued;
            }

            var deliveries = new List<NewWebhookDelivery>();
            foreach (var record in events)
            {
                if (WebhookEvents.TypeOf(record.Kind) is { } type && subscribed.Contains(type))
                {
                    deliveries.Add(new NewWebhookDelivery(record.Id, type, WebhookPayload.Create(record, type)));
                }
            }

            var now = _time.GetUtcNow();
            var next = Advance(cursor, events, now);
            enqueued += await _store.EnqueueWebhookDeliveriesAsync(webhook.Id, deliveries, next, now, cancellationToken);
            if (next == cursor || events.Count < EventBatch)
            {
                return enqueued;
            }

            cursor = next;
        }
    }

    /// <summary>
    /// How far the cursor may move: past every event read, but not past a hole in the ids until the hole is older than
    /// <see cref="WebhookOptions.GapTimeout"/>. The events after a hole are delivered already (a delivery is made once), so
    /// reading them again while waiting costs a query, not a duplicate.
    /// </summary>
    private long Advance(long cursor, IReadOnlyList<EnrollmentEventRecord> events, DateTimeOffset now)
    {
        var next = cursor;
        foreach (var record in events)
        {
            if (record.Id != next + 1 && now - _gaps.GetOrAdd(next + 1, now) < _options.GapTimeout)
            {
                return next;
            }

            next = record.Id;
        }

        foreach (var passed in _gaps.Keys.Where(id => id <= next))
        {
            _gaps.TryRemove(passed, out _);
        }

        return next;
    }

    private async Task<WebhookAttempt> SendAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var attempt = delivery.Attempts + 1;
        int? status = null;
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.Secret, at, delivery.Payload));
            request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var delivered = new WebhookAttempt(WebhookDeliveryState.Delivered, status, null, at, at);
                await _store.RecordWebhookAttemptAsync(delivery.Id, delivered, cancellationToken);
                WebhookLog.Delivered(_logger, delivery.EventType, delivery.EventId, webhook.Id, delivery.Id);
                return delivered;
            }

            error = $"HTTP {status} {ReasonOf(response.StatusCode)}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {_options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A refused connection, a DNS failure, a TLS error: the receiver is not there; the attempt counts.
            error = ex.Message;
        }

        error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        var wait = _options.Backoff.DelayAfter(attempt, _random.NextDouble());
        var outcome = wait is { } delay
            ? new WebhookAttempt(WebhookDeliveryState.Pending, status, error, at, at + delay)
            : new WebhookAttempt(WebhookDeliveryState.Failed, status, error, at, at);
        await _store.RecordWebhookAttemptAsync(delivery.Id, outcome, cancellationToken);
        if (outcome.State == WebhookDeliveryState.Pending)
        {
            WebhookLog.AttemptFailed(_logger, delivery.Id, webhook.Id, attempt, error, outcome.NextAttemptAt);
        }
        else
        {
            WebhookLog.GaveUp(_logger, delivery.Id, webhook.Id, attempt, error);
        }

        return outcome;
    }

    private static string ReasonOf(HttpStatusCode code) => Enum.IsDefined(code) ? code.ToString() : "";
}
