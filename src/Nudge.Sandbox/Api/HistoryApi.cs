using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.history.list: messageAdded, messageDeleted, labelAdded and labelRemoved records.</summary>
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
            .Where(h => MatchesTypes(h, types))
            .Where(h => labelId is null || MentionsLabel(h, labelId))
            .ToList();
        var page = matching.Take(maxResults).ToList();
        var response = new ListHistoryResponse { HistoryId = currentHistoryId };
        if (page.Count > 0)
        {
            response.History = page.Select(h => ToResource(h, types)).ToList();
        }

        if (matching.Count > page.Count)
        {
            response.NextPageToken = PageToken.Create((long)page[^1].Id, "h");
        }

        return Results.Json(response, SandboxJson.Context.ListHistoryResponse);
    }

    private static bool MatchesTypes(HistoryRecord record, HashSet<string> types) =>
        types.Count == 0 || record.Kind switch
        {
            HistoryChange.MessageAdded => types.Contains("messageAdded"),
            HistoryChange.MessageDeleted => types.Contains("messageDeleted"),
            _ => (record.LabelsAdded is not null && types.Contains("labelAdded"))
                || (record.LabelsRemoved is not null && types.Contains("labelRemoved")),
        };

    // labelId filters on the message's labels; a label change also counts for the labels it added or removed.
    private static bool MentionsLabel(HistoryRecord record, string labelId) =>
        record.LabelIds.Contains(labelId)
        || (record.LabelsAdded?.Contains(labelId) ?? false)
        || (record.LabelsRemoved?.Contains(labelId) ?? false);

    // With historyTypes given, a record carries only the typed arrays asked for.
    private static HistoryResource ToResource(HistoryRecord record, HashSet<string> types)
    {
        bool Wanted(string type) => types.Count == 0 || types.Contains(type);
        var message = new MessageResource
        {
            Id = record.MessageId,
            ThreadId = record.ThreadId,
            LabelIds = record.LabelIds.Count == 0 ? null : [.. record.LabelIds],
        };
        var resource = new HistoryResource
        {
            Id = record.Id.ToString(CultureInfo.InvariantCulture),
            Messages = [new MessageRef(record.MessageId, record.ThreadId)],
        };
        switch (record.Kind)
        {
            case HistoryChange.MessageAdded:
                resource.MessagesAdded = [new HistoryMessageAdded(message)];
                break;
            case HistoryChange.MessageDeleted:
                resource.MessagesDeleted = [new HistoryMessageAdded(message)];
                break;
            case HistoryChange.LabelsChanged:
                if (record.LabelsAdded is { } added && Wanted("labelAdded"))
                {
                    resource.LabelsAdded = [new HistoryLabelChange(message, [.. added])];
                }

                if (record.LabelsRemoved is { } removed && Wanted("labelRemoved"))
                {
                    resource.LabelsRemoved = [new HistoryLabelChange(message, [.. removed])];
                }

                break;
        }

        return resource;
    }
}
