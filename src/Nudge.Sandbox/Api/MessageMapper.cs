using System.Globalization;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>Maps stored messages to Gmail's <c>Message</c> resource in each format.</summary>
internal static class MessageMapper
{
    public static MessageFormat? ParseFormat(string? text) => (text ?? "full").ToUpperInvariant() switch
    {
        "MINIMAL" => MessageFormat.Minimal,
        "FULL" => MessageFormat.Full,
        "RAW" => MessageFormat.Raw,
        "METADATA" => MessageFormat.Metadata,
        _ => null,
    };

    /// <summary>The minimal shape send, import and insert return.</summary>
    public static MessageResource Minimal(StoredMessage message) => new()
    {
        Id = message.Id,
        ThreadId = message.ThreadId,
        LabelIds = Labels(message),
    };

    public static MessageResource ToResource(StoredMessage message, MessageFormat format, IReadOnlyCollection<string> metadataHeaders)
    {
        var resource = new MessageResource
        {
            Id = message.Id,
            ThreadId = message.ThreadId,
            LabelIds = Labels(message),
            Snippet = message.Facts.Snippet,
            HistoryId = message.HistoryId.ToString(CultureInfo.InvariantCulture),
            InternalDate = message.InternalDate.ToString(CultureInfo.InvariantCulture),
            SizeEstimate = message.Raw.Length,
        };

        switch (format)
        {
            case MessageFormat.Minimal:
                break;
            case MessageFormat.Raw:
                resource.Raw = Base64Url.Encode(message.Raw, pad: true);
                break;
            case MessageFormat.Full:
                resource.Payload = PayloadBuilder.Full(message.Id, message.Raw, MimeInspector.Parse(message.Raw));
                break;
            case MessageFormat.Metadata:
                resource.Payload = PayloadBuilder.Metadata(message.Raw, MimeInspector.Parse(message.Raw), metadataHeaders);
                break;
        }

        return resource;
    }

    // Gmail leaves labelIds out entirely when a message has none (e.g. messages.insert without labels).
    private static List<string>? Labels(StoredMessage message) => message.LabelIds.Count == 0 ? null : [.. message.LabelIds];
}
