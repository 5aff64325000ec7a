using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.messages: send, import, insert, get, list, attachments.get.</summary>
internal static class MessagesApi
{
    public static void MapMessagesApi(this RouteGroupBuilder users, RouteGroupBuilder uploads, SandboxState state)
    {
        // Typed as Func, not lambdas, so that minimal APIs bind the Delegate overload and write the IResult; a lambda
        // taking only HttpContext and returning a Task would bind RequestDelegate and the result would be dropped.
        Func<HttpContext, Task<IResult>> send = http => FromJsonAsync(http, state, IngestKind.Send);
        Func<HttpContext, Task<IResult>> import = http => FromJsonAsync(http, state, IngestKind.Import);
        Func<HttpContext, Task<IResult>> insert = http => FromJsonAsync(http, state, IngestKind.Insert);
        Func<HttpContext, Task<IResult>> uploadSend = http => FromUploadAsync(http, state, IngestKind.Send);
        Func<HttpContext, Task<IResult>> uploadImport = http => FromUploadAsync(http, state, IngestKind.Import);
        Func<HttpContext, Task<IResult>> uploadInsert = http => FromUploadAsync(http, state, IngestKind.Insert);

        users.MapPost("messages/send", send).WithMetadata(new GmailRpc("SendMessage"));
        users.MapPost("messages/import", import).WithMetadata(new GmailRpc("ImportMessage"));
        users.MapPost("messages", insert).WithMetadata(new GmailRpc("InsertMessage"));
        users.MapGet("messages", (HttpContext http) => List(http, state))
            .WithMetadata(new GmailRpc("ListMessages"));
        users.MapGet("messages/{id}", (HttpContext http, string id) => Get(http, id))
            .WithMetadata(new GmailRpc("GetMessage"));
        users.MapGet("messages/{messageId}/attachments/{id}", (HttpContext http, string messageId, string id) => GetAttachment(http, messageId, id))
            .WithMetadata(new GmailRpc("GetAttachment"));

        uploads.MapPost("messages/send", uploadSend).WithMetadata(new GmailRpc("SendMessage"));
        uploads.MapPost("messages/import", uploadImport).WithMetadata(new GmailRpc("ImportMessage"));
        uploads.MapPost("messages", uploadInsert).WithMetadata(new GmailRpc("InsertMessage"));
    }

    private static async Task<IResult> FromJsonAsync(HttpContext http, SandboxState state, IngestKind kind)
    {
        var (request, error) = await RequestReader.ReadJsonAsync(http.Request, http.RequestAborted);
        return request is null ? error! : MessageIngest.Ingest(http, state, kind, request);
    }

    private static async Task<IResult> FromUploadAsync(HttpContext http, SandboxState state, IngestKind kind)
    {
        var (request, error) = await RequestReader.ReadUploadAsync(http.Request, http.RequestAborted);
        return request is null ? error! : MessageIngest.Ingest(http, state, kind, request);
    }

    private static IResult Get(HttpContext http, string id)
    {
        if (MessageMapper.ParseFormat(http.Query("format")) is not { } format)
        {
            return GoogleErrors.InvalidArgument("Invalid value for format: " + http.Query("format"));
        }

        var mailbox = http.Mailbox();
        StoredMessage? message;
        lock (mailbox.Gate)
        {
            message = mailbox.Find(id);
        }

        // Stored messages are immutable, so the MIME work happens outside the lock.
        return message is null
            ? GoogleErrors.NotFound()
            : Results.Json(
                MessageMapper.ToResource(message, format, http.QueryAll("metadataHeaders")),
                SandboxJson.Context.MessageResource);
    }

    private static IResult GetAttachment(HttpContext http, string messageId, string id)
    {
        var mailbox = http.Mailbox();
        StoredMessage? message;
        lock (mailbox.Gate)
        {
            message = mailbox.Find(messageId);
        }

        if (message is null
            || PayloadBuilder.FindAttachment(message.Id, MimeInspector.Parse(message.Raw), id) is not { } bytes)
        {
            return GoogleErrors.NotFound();
        }

        return Results.Json(
            new MessagePartBodyResource { Size = bytes.Length, Data = Base64Url.Encode(bytes, pad: false) },
            SandboxJson.Context.MessagePartBodyResource);
    }

    private static IResult List(HttpContext http, SandboxState state)
    {
        if (!ListFilter.TryRead(http, state, out var filter, out var error))
        {
            return error!;
        }

        var mailbox = http.Mailbox();
        List<StoredMessage> all;
        lock (mailbox.Gate)
        {
            all = [.. mailbox.Messages];
        }

        var matches = all
            .Where(filter.Matches)
            .OrderByDescending(m => m.InternalDate)
            .ThenByDescending(m => m.Id, StringComparer.Ordinal)
            .ToList();

        if (!PageToken.TryFindStart(matches, http.Query("pageToken"), m => m.InternalDate, m => m.Id, out var start))
        {
            return GoogleErrors.InvalidArgument("Invalid pageToken");
        }

        var page = matches.Skip(start).Take(filter.MaxResults).ToList();
        var response = new ListMessagesResponse { ResultSizeEstimate = matches.Count };
        if (page.Count > 0)
        {
            response.Messages = page.Select(m => new MessageRef(m.Id, m.ThreadId)).ToList();
        }

        if (start + page.Count < matches.Count)
        {
            response.NextPageToken = PageToken.Create(page[^1].InternalDate, page[^1].Id);
        }

        return Results.Json(response, SandboxJson.Context.ListMessagesResponse);
    }
}
