using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MimeKit;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>Reads a <c>Message</c> request from a JSON body or from an <c>/upload/</c> body.</summary>
internal static class RequestReader
{
    private const string RawRequired = "'raw' RFC822 payload message string or uploading message via /upload/* URL required";

    /// <summary>Reads <c>{"raw","threadId","labelIds"}</c>; returns the request or the error to send.</summary>
    public static async Task<(IngestRequest? Request, IResult? Error)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var message = new MessageRequest();
        if (body.Length > 0)
        {
            try
            {
                message = JsonSerializer.Deserialize(body, SandboxJson.Context.MessageRequest) ?? new MessageRequest();
            }
            catch (JsonException)
            {
                return (null, GoogleErrors.BadRequest("Invalid JSON payload received. Unexpected token."));
            }
        }

        return FromMessage(message);
    }

    /// <summary>
    /// Reads an upload: <c>uploadType=media</c> (the body is the RFC 822 message) or <c>uploadType=multipart</c>
    /// (multipart/related: JSON metadata, then the message).
    /// </summary>
    public static async Task<(IngestRequest? Request, IResult? Error)> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var uploadType = request.Query["uploadType"].ToString();
        if (string.Equals(uploadType, "media", StringComparison.OrdinalIgnoreCase))
        {
            return body.Length == 0
                ? (null, GoogleErrors.InvalidArgument(RawRequired))
                : (new IngestRequest(body, null, null), null);
        }

        if (!string.Equals(uploadType, "multipart", StringComparison.OrdinalIgnoreCase))
        {
            return (null, GoogleErrors.BadRequest("Invalid upload type: the sandbox supports uploadType=media and multipart."));
        }

        // Let MimeKit split the multipart/related body by prefixing the request's Content-Type as a header.
        var framed = Encoding.ASCII.GetBytes("Content-Type: " + request.ContentType + "\r\n\r\n").Concat(body).ToArray();
        using var stream = new MemoryStream(framed, writable: false);
        if (await MimeEntity.LoadAsync(stream, cancellationToken) is not Multipart { Count: 2 } multipart
            || multipart[0] is not MimePart metadataPart)
        {
            return (null, GoogleErrors.BadRequest("Invalid multipart upload: expected JSON metadata and a message."));
        }

        MessageRequest metadata;
        try
        {
            metadata = JsonSerializer.Deserialize(Decode(metadataPart), SandboxJson.Context.MessageRequest) ?? new MessageRequest();
        }
        catch (JsonException)
        {
            return (null, GoogleErrors.BadRequest("Invalid JSON payload received. Unexpected token."));
        }

        // MimeKit parses a message/rfc822 part into a MessagePart; anything else is taken as the message's bytes.
        var raw = multipart[1] switch
        {
            MessagePart { Message: { } embedded } => Serialize(embedded),
            MimePart part => Decode(part),
            _ => [],
        };
        return raw.Length == 0
            ? (null, GoogleErrors.InvalidArgument(RawRequired))
            : (new IngestRequest(raw, NullIfEmpty(metadata.ThreadId), metadata.LabelIds), null);
    }

    /// <summary>Decodes a JSON <c>Message</c>'s <c>raw</c> (also used for <c>Draft.message</c>).</summary>
    internal static (IngestRequest? Request, IResult? Error) FromMessage(MessageRequest message)
    {
        if (string.IsNullOrEmpty(message.Raw))
        {
            return (null, GoogleErrors.InvalidArgument(RawRequired));
        }

        var raw = Base64Url.TryDecode(message.Raw);
        if (raw is null)
        {
            var shown = message.Raw.Length > 40 ? message.Raw[..40] + "..." : message.Raw;
            return (null, GoogleErrors.InvalidArgument($"Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed for \"{shown}\""));
        }

        return (new IngestRequest(raw, NullIfEmpty(message.ThreadId), message.LabelIds), null);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static byte[] Decode(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return buffer.ToArray();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
