using Microsoft.AspNetCore.Http;
using MimeKit;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Threading;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>Stores a sent, imported or inserted message: rewrites, labels, date, thread, history, state file.</summary>
internal static class MessageIngest
{
    private static readonly FormatOptions CrLf = CreateFormat();

    public static IResult Ingest(HttpContext http, SandboxState state, IngestKind kind, IngestRequest request)
    {
        var mailbox = http.Mailbox();
        var now = state.Time.GetUtcNow();

        MimeMessage message;
        try
        {
            message = MimeInspector.Parse(request.Raw);
        }
        catch (FormatException)
        {
            return GoogleErrors.InvalidArgument("Invalid RFC 822 message: the headers could not be parsed.");
        }

        if (RecipientLimit.Check(message) is { } tooMany)
        {
            return tooMany;
        }

        if (LabelsFor(kind, request, message, mailbox.Email, out var labelError) is not { } labels)
        {
            return labelError!;
        }

        if (InternalDateSource(http, kind) is not { } useDateHeader)
        {
            return GoogleErrors.InvalidArgument("Invalid value for internalDateSource: " + http.Query("internalDateSource"));
        }

        var raw = request.Raw;
        if (kind == IngestKind.Send)
        {
            if (!HasRecipients(message))
            {
                return GoogleErrors.InvalidArgument("Recipient address required");
            }

            raw = RewriteForSend(message, mailbox.Email, state.Options.ReplaceMessageId, now);
        }
        else if (string.IsNullOrEmpty(message.MessageId))
        {
            // Gmail gives every stored message a Message-ID; without one, nothing could reply into it.
            SetMessageId(message, MessageIdFactory.Create());
            raw = Serialize(message);
        }

        var facts = MimeInspector.Inspect(message);
        var internalDate = useDateHeader && facts.Date is { } date ? date : now;

        StoredMessage stored;
        lock (mailbox.Gate)
        {
            string? threadId = null;
            if (request.ThreadId is { } requested)
            {
                if (mailbox.FindThread(requested) is not { } thread)
                {
                    return GoogleErrors.InvalidArgument("Invalid thread_id value");
                }

                threadId = ThreadJoiner.JoinRequested(thread, facts);
            }
            else if (kind != IngestKind.Send)
            {
                threadId = ThreadJoiner.JoinByHeaders(mailbox, facts);
            }

            var id = state.NextMessageId();
            mailbox.ExpireHistory(now - state.Options.HistoryRetention);
            stored = new StoredMessage(
                id, threadId ?? id, labels, internalDate.ToUnixTimeMilliseconds(), mailbox.NextHistoryId(), raw, facts);
            mailbox.Add(stored, now);
        }

        if (kind == IngestKind.Send)
        {
            // Scripted recipients answer sent mail only (messages.send and drafts.send both come through here).
            state.Recipients.OnSent(mailbox, stored, message, now);
        }

        state.Save();
        return Results.Json(MessageMapper.Minimal(stored), SandboxJson.Context.MessageResource);
    }

    private static List<string>? LabelsFor(IngestKind kind, IngestRequest request, MimeMessage message, string email, out IResult? error)
    {
        error = null;
        if (kind == IngestKind.Send)
        {
            // Gmail's own order for a message sent to oneself.
            return IsAddressedTo(message, email)
                ? [SystemLabels.Unread, SystemLabels.Sent, SystemLabels.Inbox]
                : [SystemLabels.Sent];
        }

        if (request.LabelIds is not { Count: > 0 } given)
        {
            return kind == IngestKind.Import ? [SystemLabels.Inbox, SystemLabels.Unread] : [];
        }

        if (given.FirstOrDefault(l => !SystemLabels.All.Contains(l)) is { } unknown)
        {
            error = GoogleErrors.InvalidArgument("Invalid label: " + unknown);
            return null;
        }

        return given.Distinct(StringComparer.Ordinal).ToList();
    }

    // The discovery document's defaults: dateHeader for import, receivedTime for insert; send always uses now.
    private static bool? InternalDateSource(HttpContext http, IngestKind kind)
    {
        if (kind == IngestKind.Send)
        {
            return false;
        }

        return http.Query("internalDateSource") switch
        {
            null => kind == IngestKind.Import,
            "dateHeader" => true,
            "receivedTime" => false,
            _ => null,
        };
    }

    private static bool HasRecipients(MimeMessage message) =>
        message.To.Mailboxes.Any() || message.Cc.Mailboxes.Any() || message.Bcc.Mailboxes.Any();

    private static bool IsAddressedTo(MimeMessage message, string email) =>
        message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase));

    private static byte[] RewriteForSend(MimeMessage message, string email, bool replaceMessageId, DateTimeOffset now)
    {
        // A From that is not the account (nor a verified send-as, which the sandbox has none of) is silently
        // replaced by the primary address; the display name survives.
        var from = message.From.Mailboxes.ToList();
        if (from.Count != 1 || !string.Equals(from[0].Address, email, StringComparison.OrdinalIgnoreCase))
        {
            // Add before removing: emptying the list would drop the header and re-adding would move it to the end.
            var primary = new MailboxAddress(from.FirstOrDefault()?.Name, email);
            message.From.Add(primary);
            foreach (var old in message.From.Where(a => !ReferenceEquals(a, primary)).ToList())
            {
                message.From.Remove(old);
            }
        }

        // Gmail replaces the client's Message-ID and keeps nothing of it (GMAIL-FACTS §2.1).
        if (replaceMessageId || string.IsNullOrEmpty(message.MessageId))
        {
            SetMessageId(message, MessageIdFactory.Create());
        }

        if (!message.Headers.Contains(HeaderId.Date))
        {
            message.Date = now;
        }

        return Serialize(message);
    }

    // Replaces the value in place (keeping the header's position and spelling); a new header is spelled
    // "Message-ID" as Gmail writes it, where MimeKit would write "Message-Id".
    private static void SetMessageId(MimeMessage message, string messageId)
    {
        if (message.Headers.Contains(HeaderId.MessageId))
        {
            message.MessageId = messageId;
        }
        else
        {
            message.Headers.Add(new Header("Message-ID", "<" + messageId + ">"));
        }
    }

    private static byte[] Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(CrLf, buffer);
        return buffer.ToArray();
    }

    // Gmail stores and returns CRLF line endings whatever the platform.
    private static FormatOptions CreateFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
