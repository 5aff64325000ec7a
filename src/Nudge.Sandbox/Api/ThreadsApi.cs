using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.threads: get and list.</summary>
internal static class ThreadsApi
{
    public static void MapThreadsApi(this RouteGroupBuilder users, SandboxState state)
    {
        users.MapGet("threads/{id}", (HttpContext http, string id) => Get(http, id))
            .WithMetadata(new GmailRpc("GetThread"));
        users.MapGet("threads", (HttpContext http) => List(http, state))
            .WithMetadata(new GmailRpc("ListThreads"));
    }

    private static IResult Get(HttpContext http, string id)
    {
        // threads.get has no raw format.
        if (MessageMapper.ParseFormat(http.Query("format")) is not { } format || format == MessageFormat.Raw)
        {
            return GoogleErrors.InvalidArgument("Invalid value for format: " + http.Query("format"));
        }

        var mailbox = http.Mailbox();
        List<StoredMessage>? messages;
        lock (mailbox.Gate)
        {
            messages = mailbox.FindThread(id)?.ToList();
        }

        if (messages is null)
        {
            return GoogleErrors.NotFound();
        }

        var headers = http.QueryAll("metadataHeaders");
        var thread = new ThreadResource
        {
            Id = id,
            HistoryId = HistoryIdOf(messages),
            Messages = messages.Select(m => MessageMapper.ToResource(m, format, headers)).ToList(),
        };
        return Results.Json(thread, SandboxJson.Context.ThreadResource);
    }

    private static IResult List(HttpContext http, SandboxState state)
    {
        if (!ListFilter.TryRead(http, state, out var filter, out var error))
        {
            return error!;
        }

        var mailbox = http.Mailbox();
        List<List<StoredMessage>> threads;
        lock (mailbox.Gate)
        {
            threads = mailbox.Messages.Select(m => m.ThreadId).Distinct(StringComparer.Ordinal)
                .Select(t => mailbox.FindThread(t)!.ToList())
                .ToList();
        }

        // A thread matches when one of its visible messages matches; threads sort by their newest message.
        var matches = threads
            .Where(t => t.Any(filter.Matches))
            .Select(t => (Messages: t, Newest: t.Max(m => m.InternalDate)))
            .OrderByDescending(t => t.Newest)
            .ThenByDescending(t => t.Messages[0].ThreadId, StringComparer.Ordinal)
            .ToList();

        if (!PageToken.TryFindStart(matches, http.Query("pageToken"), t => t.Newest, t => t.Messages[0].ThreadId, out var start))
        {
            return GoogleErrors.InvalidArgument("Invalid pageToken");
        }

        var page = matches.Skip(start).Take(filter.MaxResults).ToList();
        var response = new ListThreadsResponse { ResultSizeEstimate = matches.Count };
        if (page.Count > 0)
        {
            response.Threads = page.Select(t => new ThreadResource
            {
                Id = t.Messages[0].ThreadId,
                Snippet = t.Messages[^1].Facts.Snippet,
                HistoryId = HistoryIdOf(t.Messages),
            }).ToList();
        }

        if (start + page.Count < matches.Count)
        {
            response.NextPageToken = PageToken.Create(page[^1].Newest, page[^1].Messages[0].ThreadId);
        }

        return Results.Json(response, SandboxJson.Context.ListThreadsResponse);
    }

    private static string HistoryIdOf(List<StoredMessage> messages) =>
        messages.Max(m => m.HistoryId).ToString(CultureInfo.InvariantCulture);
}
