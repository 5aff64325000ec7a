using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Abstractions;
using Nudge.Core.Webhooks;

namespace Nudge.Web.Api;

/// <summary><c>/api/v1/webhooks</c>: register the URLs that hear of replies, bounces and the rest, and read their delivery log.</summary>
internal static class WebhooksApi
{
    public const int DefaultLogSize = 50;
    public const int MaxLogSize = 500;

    public static void Map(RouteGroupBuilder api, IEngineStore store, TimeProvider time)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks");

        group.MapPost("", (HttpRequest request, CancellationToken cancellationToken) => CreateAsync(store, time, request, cancellationToken))
            .WithName("CreateWebhook")
            .WithSummary("Register a webhook; its signing secret is in the answer, and only there")
            .WithDescription("Each event is POSTed as JSON {id, type, occurredAt, enrollment:{id, email, sequence, state}, detail} with the headers " +
                "Nudge-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" keyed with the secret>) and Nudge-Delivery (the same on " +
                "every attempt). A 2xx answer delivers it; anything else is retried with exponential backoff (30 s doubling, 10 attempts).")
            .Accepts<WebhookBody>("application/json")
            .Produces<WebhookCreatedView>(StatusCodes.Status201Created)
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ContentType);

        group.MapGet("", async (CancellationToken cancellationToken) =>
                Results.Json((await store.ListWebhooksAsync(cancellationToken)).Select(View).ToList(), WebJsonContext.Default.ListWebhookView))
            .WithName("ListWebhooks")
            .WithSummary("List the webhooks (without their secrets)")
            .Produces<List<WebhookView>>();

        group.MapGet("/{id:long}", async (long id, CancellationToken cancellationToken) =>
                await store.GetWebhookAsync(id, cancellationToken) is { IsActive: true } webhook
                    ? Results.Json(View(webhook), WebJsonContext.Default.WebhookView)
                    : NotFound(id))
            .WithName("GetWebhook")
            .WithSummary("Read one webhook (without its secret)")
            .Produces<WebhookView>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, Problems.ContentType);

        group.MapDelete("/{id:long}", async (long id, CancellationToken cancellationToken) =>
                await store.DisableWebhookAsync(id, time.GetUtcNow(), cancellationToken) ? Results.NoContent() : NotFound(id))
            .WithName("DeleteWebhook")
            .WithSummary("Delete a webhook: nothing more is sent to it, pending retries included")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, Problems.ContentType);

        group.MapGet("/{id:long}/deliveries", (long id, string? limit, CancellationToken cancellationToken) =>
                DeliveriesAsync(store, id, limit, cancellationToken))
            .WithName("ListWebhookDeliveries")
            .WithSummary("The webhook's delivery log, newest first: each event, its state, attempts and last answer")
            .WithDescription("Query: limit (1 to 500, default 50).")
            .Produces<List<WebhookDeliveryView>>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, Problems.ContentType);
    }

    private static async Task<IResult> CreateAsync(IEngineStore store, TimeProvider time, HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiRequests.ReadJsonAsync(request, WebJsonContext.Default.WebhookBody, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body?.Url))
        {
            return Problems.BadRequest("url is required", "url");
        }

        var url = body.Url.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0)
        {
            return Problems.Unprocessable($"url '{url}' is not an absolute http or https URL (without a user name or password)", "url");
        }

        var events = body.Events is null ? WebhookEvents.All : (IReadOnlyList<string>)[.. body.Events.Select(e => e?.Trim() ?? "").Distinct()];
        if (events.Count == 0)
        {
            return Problems.Unprocessable($"events is empty: name some of {string.Join(", ", WebhookEvents.All)}, or leave it out for all", "events");
        }

        if (events.FirstOrDefault(e => !WebhookEvents.IsKnown(e)) is { } unknown)
        {
            return Problems.Unprocessable($"events: '{unknown}' is not one of {string.Join(", ", WebhookEvents.All)}", "events");
        }

        var webhook = new Webhook(0, uri.ToString(), WebhookSignature.CreateSecret(), events, 0, time.GetUtcNow(), null);
        var id = await store.AddWebhookAsync(webhook, cancellationToken);
        var stored = (await store.GetWebhookAsync(id, cancellationToken))!;
        return Results.Json(new WebhookCreatedView(id, stored.Url, stored.Events, stored.CreatedAt, stored.Secret),
            WebJsonContext.Default.WebhookCreatedView, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeliveriesAsync(IEngineStore store, long id, string? limitText, CancellationToken cancellationToken)
    {
        if (!ApiRequests.TryReadInt("limit", limitText, DefaultLogSize, 1, MaxLogSize, out var limit, out var problem))
        {
            return problem!;
        }

        if (await store.GetWebhookAsync(id, cancellationToken) is not { IsActive: true })
        {
            return NotFound(id);
        }

        var deliveries = await store.ListWebhookDeliveriesAsync(id, limit, cancellationToken);
        return Results.Json(deliveries.Select(View).ToList(), WebJsonContext.Default.ListWebhookDeliveryView);
    }

    private static WebhookView View(Webhook webhook) => new(webhook.Id, webhook.Url, webhook.Events, webhook.CreatedAt);

    private static WebhookDeliveryView View(WebhookDelivery d) =>
        new(d.Id, d.EventId, d.EventType, d.State switch
        {
            WebhookDeliveryState.Pending => "pending",
            WebhookDeliveryState.Delivered => "delivered",
            WebhookDeliveryState.Failed => "failed",
            _ => throw new ArgumentOutOfRangeException(nameof(d), d.State, null),
        }, d.Attempts, d.State == WebhookDeliveryState.Pending ? d.NextAttemptAt : null, d.LastStatus, d.LastError, d.CreatedAt, d.DeliveredAt);

    private static IResult NotFound(long id) => Problems.NotFound($"no webhook {id}", "id");
}
