using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// A webhook receiver on a loopback port: records every POST (headers and raw body) and answers with the statuses it is
/// told, in order, then 200.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        Url = app.Urls.Single().TrimEnd('/') + "/hooks/nudge";
    }

    /// <summary>Where to point a webhook.</summary>
    public string Url { get; }

    /// <summary>Every POST, in the order it came.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks/nudge", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            receiver!._received.Enqueue(new ReceivedWebhook(
                request.Headers["Nudge-Signature"].ToString(), request.Headers["Nudge-Delivery"].ToString(), request.ContentType, body));
            return Results.StatusCode(receiver._statuses.TryDequeue(out var status) ? status : StatusCodes.Status200OK);
        });
        await app.StartAsync(cancellationToken);
        receiver = new WebhookReceiver(app);
        return receiver;
    }

    /// <summary>Answers the next POSTs with these statuses, then 200 again.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
