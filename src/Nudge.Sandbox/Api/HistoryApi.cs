using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.history.list. The sandbox records only <c>messageAdded</c> changes.</summary>
internal static class HistoryApi
{
    private static readonly string[] KnownTypes = ["messageAdded", "messageDeleted", "labelAdded", "labelRemoved"];

    public static void MapHistoryApi(this RouteGroupBuilder users, SandboxState state) =>
        users.MapGet("history", (HttpContext http) => List(http, state))
            .WithMetadata(new GmailRpc("ListHistory"));

    private static IResult List(HttpContext http, SandboxState state)
    {
        if (!ulong.TryParse(http.Query("startHistoryId"), NumberStyles.None, CultureInfo.InvariantCulture, out var startHistoryId))
        {
            return GoogleErrors.InvalidArgument("Missing/invalid parameter: startHistoryId");
        }

        if (http.MaxResults() is not { } maxResults)
        {
            return GoogleErrors.InvalidArgument("Invalid value for maxResults: " + http.Query("maxResults"));
        }

        var types = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in http.QueryAll("historyTypes"))
        {
            // Google accepts the enum's JSON name and its proto name (MESSAGE_ADDED).
            var known = KnownTypes.FirstOrDefault(k => string.Equals(k, type.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                return GoogleErrors.InvalidArgument("Invalid value for historyTypes: " + type);
            }

            types.Add(known);
        }

        ulong after = startHistoryId;
        if (http.Query("pageToken") is { } token)
        {
            if (!PageToken.TryRead(token, out var last, out _) || last < 0)
            {
                return GoogleErrors.InvalidArgument("Invalid pageToken");
            }

            after = Math.Max(after, (ulong)last);
        }

        var labelId = http.Query("labelId");
        var mailbox = http.Mailbox();
        List<HistoryRecord> records;
        string currentHistoryId;
        lock (mailbox.Gate)
        {
            mailbox.ExpireHistory(state.Time.GetUtcNow() - state.Options.HistoryRetention);
            // A start before an expired record means changes were lost: the client must do a full sync.
            if (startHistoryId < mailbox.ExpiredThroughHistoryId)
            {
                return GoogleErrors.NotFound();
            }

            records = mailbox.History.Where(h => h.Id > after).ToList();
            currentHistoryId = mailbox.HistoryId.ToString(CultureInfo.InvariantCulture);
        }

        var matching = records
            .Where(h => types.Count == 0 || types.Contains("messageAdded"))
            .Where(h => labelId is null || h.LabelIds.Contains(labelId))
            .ToList();
        var page = matching.Take(maxResults).ToList();
        var response = new ListHistoryResponse { HistoryId = currentHistoryId };
        if (page.Count > 0)
        {
            response.History = page.Select(h => new HistoryResource
            {
                Id = h.Id.ToString(CultureInfo.InvariantCulture),
                Messages = [new MessageRef(h.MessageId, h.ThreadId)],
                MessagesAdded =
                [
                    new HistoryMessageAdded(new MessageResource { Id = h.MessageId, ThreadId = h.ThreadId, LabelIds = h.LabelIds.Count == 0 ? null : [.. h.LabelIds] }),
                ],
            }).ToList();
        }

        if (matching.Count > page.Count)
        {
            response.NextPageToken = PageToken.Create((long)page[^1].Id, "h");
        }

        return Results.Json(response, SandboxJson.Context.ListHistoryResponse);
    }
}
