using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.messages.modify and users.messages.trash: label changes, each recorded in history.</summary>
internal static class ModifyApi
{
    // ModifyMessageRequest: "You can add up to 100 labels with each update" (and remove as many).
    private const int MaxLabelsPerCall = 100;

    public static void MapModifyApi(this RouteGroupBuilder users, SandboxState state)
    {
        Func<HttpContext, string, Task<IResult>> modify = (http, id) => ModifyAsync(http, state, id);
        users.MapPost("messages/{id}/modify", modify).WithMetadata(new GmailRpc("ModifyMessage"));
        users.MapPost("messages/{id}/trash", (HttpContext http, string id) => Trash(http, state, id))
            .WithMetadata(new GmailRpc("TrashMessage"));
    }

    private static async Task<IResult> ModifyAsync(HttpContext http, SandboxState state, string id)
    {
        var (request, error) = await JsonBody.ReadAsync(http.Request, ExtrasJson.Context.ModifyMessageRequest);
        if (request is null)
        {
            return error!;
        }

        var add = request.AddLabelIds ?? [];
        var remove = request.RemoveLabelIds ?? [];
        if (add.Count > MaxLabelsPerCall || remove.Count > MaxLabelsPerCall)
        {
            // Wording not found in Google's material; the limit itself is in the discovery document.
            return GoogleErrors.InvalidArgument("Too many labels: at most 100 labels may be added or removed per call.");
        }

        return Change(http, state, id, add, remove, validate: true);
    }

    // Trash moves the message out of INBOX (and SPAM: the two are exclusive) and keeps its other labels.
    private static IResult Trash(HttpContext http, SandboxState state, string id) =>
        Change(http, state, id, [SystemLabels.Trash], [SystemLabels.Inbox, SystemLabels.Spam], validate: false);

    private static IResult Change(HttpContext http, SandboxState state, string id, List<string> add, List<string> remove, bool validate)
    {
        var mailbox = http.Mailbox();
        var now = state.Time.GetUtcNow();
        StoredMessage updated;
        lock (mailbox.Gate)
        {
            if (mailbox.Find(id) is not { } message)
            {
                return GoogleErrors.NotFound();
            }

            if (validate && LabelRules.FirstUnknown(mailbox, add.Concat(remove)) is { } unknown)
            {
                return GoogleErrors.InvalidArgument("Invalid label: " + unknown);
            }

            mailbox.ExpireHistory(now - state.Options.HistoryRetention);
            updated = mailbox.ChangeLabels(message, add, remove, now);
        }

        state.Save();
        return Results.Json(MessageMapper.Minimal(updated), SandboxJson.Context.MessageResource);
    }
}
