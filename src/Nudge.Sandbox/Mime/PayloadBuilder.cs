using System.Globalization;
using System.Text;
using MimeKit;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Mime;

/// <summary>Turns a MimeKit message into Gmail's <c>MessagePart</c> tree.</summary>
internal static class PayloadBuilder
{
    private const string AttachmentIdPrefix = "ANGjdJ";

    /// <summary>Builds the <c>format=full</c> payload: every part, leaf bodies as unpadded base64url.</summary>
    public static MessagePartResource Full(string messageId, byte[] raw, MimeMessage message) =>
        Build(messageId, message.Body, "", TopLevelHeaders(raw));

    /// <summary>Builds the <c>format=metadata</c> payload: the MIME type and the top-level headers only.</summary>
    public static MessagePartResource Metadata(byte[] raw, MimeMessage message, IReadOnlyCollection<string> metadataHeaders)
    {
        var headers = TopLevelHeaders(raw);
        if (metadataHeaders.Count > 0)
        {
            // Header names vary in case ("Message-ID" vs "Message-Id"), so Gmail matches them case-insensitively.
            var wanted = new HashSet<string>(metadataHeaders, StringComparer.OrdinalIgnoreCase);
            headers = headers.Where(h => wanted.Contains(h.Name)).ToList();
        }

        return new MessagePartResource { MimeType = MimeTypeOf(message.Body), Headers = headers };
    }

    public static string AttachmentId(string messageId, string partId) =>
        AttachmentIdPrefix + Base64Url.Encode(Encoding.UTF8.GetBytes(messageId + ":" + partId), pad: false);

    /// <summary>Finds the decoded bytes of the part an attachment id names, or null when it names none of this message.</summary>
    public static byte[]? FindAttachment(string messageId, MimeMessage message, string attachmentId)
    {
        if (!attachmentId.StartsWith(AttachmentIdPrefix, StringComparison.Ordinal)
            || Base64Url.TryDecode(attachmentId[AttachmentIdPrefix.Length..]) is not { } decoded)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(decoded);
        if (!text.StartsWith(messageId + ":", StringComparison.Ordinal))
        {
            return null;
        }

        var entity = message.Body;
        foreach (var index in text[(messageId.Length + 1)..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entity is not Multipart multipart
                || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                || i >= multipart.Count)
            {
                return null;
            }

            entity = multipart[i];
        }

        return entity is null ? null : LeafBytes(entity);
    }

    // MimeKit splits the top-level headers between the message and its body entity; Gmail shows them as one list in
    // the original order and case, so they are re-read from the stored bytes.
    private static List<HeaderResource> TopLevelHeaders(byte[] raw)
    {
        using var stream = new MemoryStream(raw, writable: false);
        return ToResources(HeaderList.Load(stream));
    }

    private static List<HeaderResource> ToResources(IEnumerable<Header> headers) =>
        headers.Select(h => new HeaderResource(h.Field, h.Value.Trim())).ToList();

    private static MessagePartResource Build(string messageId, MimeEntity? entity, string partId, List<HeaderResource> headers)
    {
        var part = new MessagePartResource
        {
            PartId = partId,
            MimeType = MimeTypeOf(entity),
            Filename = FileNameOf(entity),
            Headers = headers,
        };

        if (entity is Multipart multipart)
        {
            part.Body = new MessagePartBodyResource { Size = 0 };
            part.Parts = multipart.Select((child, i) => Build(
                    messageId,
                    child,
                    partId.Length == 0 ? i.ToString(CultureInfo.InvariantCulture) : $"{partId}.{i}",
                    ToResources(child.Headers)))
                .ToList();
            return part;
        }

        var bytes = entity is null ? [] : LeafBytes(entity);
        part.Body = part.Filename.Length > 0
            ? new MessagePartBodyResource { AttachmentId = AttachmentId(messageId, partId), Size = bytes.Length }
            : new MessagePartBodyResource { Size = bytes.Length, Data = bytes.Length > 0 ? Base64Url.Encode(bytes, pad: false) : null };
        return part;
    }

    private static byte[] LeafBytes(MimeEntity entity)
    {
        using var buffer = new MemoryStream();
        switch (entity)
        {
            case MimePart { Content: { } content }:
                content.DecodeTo(buffer);
                break;
            case MessagePart { Message: { } embedded }:
                embedded.WriteTo(buffer);
                break;
            default:
                break;
        }

        return buffer.ToArray();
    }

    private static string MimeTypeOf(MimeEntity? entity) =>
        entity?.ContentType.MimeType.ToLowerInvariant() ?? "text/plain";

    private static string FileNameOf(MimeEntity? entity) => entity switch
    {
        MimePart part => part.FileName ?? "",
        not null => entity.ContentDisposition?.FileName ?? entity.ContentType.Name ?? "",
        null => "",
    };
}
