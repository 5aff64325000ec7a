using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Search;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>
/// users.drafts: create, get, list, update, send, delete. A draft is a message labelled DRAFT (stored through the
/// insert path) plus an entry mapping the draft id to it; sending goes through the same path as messages.send.
/// </summary>
internal static class DraftsApi
{
    private const string MissingMessage = "Missing draft message";

    public static void MapDraftsApi(this RouteGroupBuilder users, RouteGroupBuilder uploads, SandboxState state)
    {
        // Func-typed for the same reason as in MessagesApi: so the IResult is written, not dropped.
        Func<HttpContext, Task<IResult>> create = http => CreateAsync(http, state);
        Func<HttpContext, Task<IResult>> uploadCreate = http => UploadCreateAsync(http, state);
        Func<HttpContext, Task<IResult>> send = http => SendAsync(http, state);
        Func<HttpContext, string, Task<IResult>> update = (http, id) => UpdateAsync(http, state, id);

        users.MapPost("drafts", create).WithMetadata(new GmailRpc("CreateDraft"));
        uploads.MapPost("drafts", uploadCreate).WithMetadata(new GmailRpc("CreateDraft"));
        users.MapGet("drafts/{id}", (HttpContext http, string id) => Get(http, id)).WithMetadata(new GmailRpc("GetDraft"));
        users.MapGet("drafts", (HttpContext http) => List(http, state)).WithMetadata(new GmailRpc("ListDrafts"));
        users.MapPut("drafts/{id}", update).WithMetadata(new GmailRpc("UpdateDraft"));
        users.MapPost("drafts/send", send).WithMetadata(new GmailRpc("SendDraft"));
        users.MapDelete("drafts/{id}", (HttpContext http, string id) => Delete(http, state, id))
            .WithMetadata(new GmailRpc("DeleteDraft"));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SandboxState state)
    {
        var (draft, error) = await JsonBody.ReadAsync(http.Request, ExtrasJson.Context.DraftRequest);
        if (draft is null)
        {
            return error!;
        }

        if (draft.Message is null)
        {
            return GoogleErrors.InvalidArgument(MissingMessage);
        }

        var (request, readError) = RequestReader.FromMessage(draft.Message);
        return request is null ? readError! : Store(http, state, request, draftId: null);
    }

    private static async Task<IResult> UploadCreateAsync(HttpContext http, SandboxState state)
    {
        // The multipart metadata of a draft upload is a Draft, so its threadId is not read; media uploads carry none.
        var (request, error) = await RequestReader.ReadUploadAsync(http.Request, http.RequestAborted);
        return request is null ? error! : Store(http, state, request, draftId: null);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, SandboxState state, string id)
    {
        var (draft, error) = await JsonBody.ReadAsync(http.Request, ExtrasJson.Context.DraftRequest);
        if (draft is null)
        {
            return error!;
        }

        if (draft.Message is null)
        {
            return GoogleErrors.InvalidArgument(MissingMessage);
        }

        var (request, readError) = RequestReader.FromMessage(draft.Message);
        if (request is null)
        {
            return readError!;
        }

        var mailbox = http.Mailbox();
        lock (mailbox.Gate)
        {
            if (!mailbox.Extras.Drafts.ContainsKey(id))
            {
                return GoogleErrors.NotFound();
            }
        }

        return Store(http, state, request, draftId: id);
    }

    /// <summary>Stores the message as a DRAFT and maps <paramref name="draftId"/> (new when null) to it.</summary>
    private static IResult Store(HttpContext http, SandboxState state, IngestRequest request, string? draftId)
    {
        var result = MessageIngest.Ingest(http, state, IngestKind.Insert, request with { LabelIds = ["DRAFT"] });
        if (result is not IValueHttpResult<MessageResource> { Value.Id: { } messageId } stored)
        {
            return result;
        }

        var mailbox = http.Mailbox();
        var now = state.Time.GetUtcNow();
        lock (mailbox.Gate)
        {
            // An update replaces the draft's message, as Gmail does (the message id changes).
            if (draftId is not null && mailbox.Extras.Drafts.TryGetValue(draftId, out var oldId) && mailbox.Find(oldId) is { } old)
            {
                mailbox.Delete(old, now);
            }

            draftId ??= NewDraftId(mailbox.Extras);
            mailbox.Extras.Drafts[draftId] = messageId;
        }

        state.Save();
        return Results.Json(new DraftResource { Id = draftId, Message = stored.Value }, ExtrasJson.Context.DraftResource);
    }

    private static IResult Get(HttpContext http, string id)
    {
        if (MessageMapper.ParseFormat(http.Query("format")) is not { } format)
        {
            return GoogleErrors.InvalidArgument("Invalid value for format: " + http.Query("format"));
        }

        var mailbox = http.Mailbox();
        StoredMessage? message = null;
        lock (mailbox.Gate)
        {
            if (mailbox.Extras.Drafts.TryGetValue(id, out var messageId))
            {
                message = mailbox.Find(messageId);
            }
        }

        return message is null
            ? GoogleErrors.NotFound()
            : Results.Json(
                new DraftResource { Id = id, Message = MessageMapper.ToResource(message, format, http.QueryAll("metadataHeaders")) },
                ExtrasJson.Context.DraftResource);
    }

    private static IResult List(HttpContext http, SandboxState state)
    {
        if (http.MaxResults() is not { } maxResults)
        {
            return GoogleErrors.InvalidArgument("Invalid value for maxResults: " + http.Query("maxResults"));
        }

        var mailbox = http.Mailbox();
        var includeSpamTrash = http.Flag("includeSpamTrash");
        List<(string DraftId, StoredMessage Message)> drafts;
        GmailQuery query;
        lock (mailbox.Gate)
        {
            query = GmailQuery.Parse(http.Query("q"), state.Time.GetUtcNow(), mailbox.Email, mailbox.Extras.FindLabelByName);
            drafts = mailbox.Extras.Drafts
                .Select(d => (d.Key, Message: mailbox.Find(d.Value)))
                .Where(d => d.Message is not null)
                .Select(d => (d.Key, d.Message!))
                .ToList();
        }

        includeSpamTrash |= query.MentionsSpamOrTrash;
        var matches = drafts
            .Where(d => includeSpamTrash || !(d.Message.LabelIds.Contains(SystemLabels.Spam) || d.Message.LabelIds.Contains(SystemLabels.Trash)))
            .Where(d => query.Matches(d.Message))
            .OrderByDescending(d => d.Message.InternalDate)
            .ThenByDescending(d => d.DraftId, StringComparer.Ordinal)
            .ToList();

        if (!PageToken.TryFindStart(matches, http.Query("pageToken"), d => d.Message.InternalDate, d => d.DraftId, out var start))
        {
            return GoogleErrors.InvalidArgument("Invalid pageToken");
        }

        var page = matches.Skip(start).Take(maxResults).ToList();
        var response = new ListDraftsResponse { ResultSizeEstimate = matches.Count };
        if (page.Count > 0)
        {
            response.Drafts = page.Select(d => new DraftResource
            {
                Id = d.DraftId,
                Message = new MessageResource { Id = d.Message.Id, ThreadId = d.Message.ThreadId },
            }).ToList();
        }

        if (start + page.Count < matches.Count)
        {
            response.NextPageToken = PageToken.Create(page[^1].Message.InternalDate, page[^1].DraftId);
        }

        return Results.Json(response, ExtrasJson.Context.ListDraftsResponse);
    }

    private static async Task<IResult> SendAsync(HttpContext http, SandboxState state)
    {
        var (draft, error) = await JsonBody.ReadAsync(http.Request, ExtrasJson.Context.DraftRequest);
        if (draft is null)
        {
            return error!;
        }

        if (string.IsNullOrEmpty(draft.Id))
        {
            // Wording guessed: Google's text for a drafts.send without an id was not found.
            return GoogleErrors.InvalidArgument("Invalid draft id");
        }

        IngestRequest? replacement = null;
        if (draft.Message is { Raw.Length: > 0 })
        {
            var (request, readError) = RequestReader.FromMessage(draft.Message);
            if (request is null)
            {
                return readError!;
            }

            replacement = request;
        }

        // Claim the draft first, so that two concurrent sends of one draft cannot both go out.
        var mailbox = http.Mailbox();
        StoredMessage draftMessage;
        lock (mailbox.Gate)
        {
            if (!mailbox.Extras.Drafts.Remove(draft.Id, out var messageId) || mailbox.Find(messageId) is not { } found)
            {
                return GoogleErrors.NotFound();
            }

            draftMessage = found;
        }

        var threadId = replacement?.ThreadId ?? ThreadToReplyIn(mailbox, draftMessage);
        var send = replacement is null
            ? new IngestRequest(draftMessage.Raw, threadId, null)
            : replacement with { ThreadId = threadId };
        var result = MessageIngest.Ingest(http, state, IngestKind.Send, send);

        var sent = result is IValueHttpResult<MessageResource> and not IStatusCodeHttpResult { StatusCode: >= 300 };
        lock (mailbox.Gate)
        {
            if (sent)
            {
                // The draft is gone once sent: a later drafts.get is 404 (GMAIL-FACTS §2.6).
                mailbox.Delete(draftMessage, state.Time.GetUtcNow());
            }
            else
            {
                mailbox.Extras.Drafts[draft.Id] = draftMessage.Id;
            }
        }

        state.Save();
        return result;
    }

    private static IResult Delete(HttpContext http, SandboxState state, string id)
    {
        var mailbox = http.Mailbox();
        lock (mailbox.Gate)
        {
            if (!mailbox.Extras.Drafts.Remove(id, out var messageId))
            {
                return GoogleErrors.NotFound();
            }

            // drafts.delete is permanent: "Does not simply trash it".
            if (mailbox.Find(messageId) is { } message)
            {
                mailbox.Delete(message, state.Time.GetUtcNow());
            }
        }

        state.Save();
        return Results.NoContent();
    }

    // A draft that joined a thread replies into it; one alone in its thread starts a new thread when sent.
    private static string? ThreadToReplyIn(MailboxState mailbox, StoredMessage draft)
    {
        lock (mailbox.Gate)
        {
            return mailbox.FindThread(draft.ThreadId) is { Count: > 1 } ? draft.ThreadId : null;
        }
    }

    // Gmail's draft ids are "r" followed by a signed 64-bit number, e.g. r-5826948263574298046 or r1234567890.
    private static string NewDraftId(MailboxExtras extras)
    {
        while (true)
        {
            var id = "r" + BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)).ToString(CultureInfo.InvariantCulture);
            if (!extras.Drafts.ContainsKey(id))
            {
                return id;
            }
        }
    }
}
