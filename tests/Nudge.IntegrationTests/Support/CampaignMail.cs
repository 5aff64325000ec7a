using System.Globalization;
using System.Text.Json;
using MimeKit;
using Nudge.Core.Messages;

namespace Nudge.IntegrationTests.Support;

/// <summary>One message as the Gmail sandbox stored it, with the headers the campaign tests look at.</summary>
/// <param name="Mailbox">The sandbox mailbox it is stored in.</param>
/// <param name="Id">Gmail's message id.</param>
/// <param name="ThreadId">Gmail's thread id.</param>
/// <param name="IsSent">Whether it carries the SENT label (sent from the mailbox).</param>
/// <param name="InternalDate">Gmail's <c>internalDate</c>: when it was sent, or when an answer arrived.</param>
/// <param name="From">The sender's address, lowercased.</param>
/// <param name="To">The first recipient's address, lowercased.</param>
/// <param name="SendId">The <c>X-Nudge-Send-Id</c> header, if any: <c>enrollmentId.step</c>.</param>
/// <param name="FailedRecipient">The <c>X-Failed-Recipients</c> header of a bounce, lowercased.</param>
internal sealed record StoredMail(
    string Mailbox,
    string Id,
    string ThreadId,
    bool IsSent,
    DateTimeOffset InternalDate,
    string From,
    string To,
    string? SendId,
    string? FailedRecipient)
{
    /// <summary>For an answer: the contact it is about (the bounced address, else the sender).</summary>
    public string Concerning => FailedRecipient ?? From;

    /// <summary>The enrollment and step of <see cref="SendId"/>.</summary>
    public (long EnrollmentId, int Step) Step
    {
        get
        {
            var parts = (SendId ?? throw new InvalidOperationException($"message {Id} has no send id")).Split('.');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }

    public static StoredMail Parse(string mailbox, JsonElement view, CancellationToken cancellationToken)
    {
        var raw = Base64Url.Decode(view.GetProperty("raw").GetString()!);
        using var stream = new MemoryStream(raw);
        var mime = MimeMessage.Load(stream, cancellationToken);
        return new StoredMail(
            mailbox,
            view.GetProperty("id").GetString()!,
            view.GetProperty("threadId").GetString()!,
            view.GetProperty("labelIds").EnumerateArray().Any(l => l.GetString() == "SENT"),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(view.GetProperty("internalDate").GetString()!, CultureInfo.InvariantCulture)),
            mime.From.Mailboxes.FirstOrDefault()?.Address.ToLowerInvariant() ?? "",
            mime.To.Mailboxes.FirstOrDefault()?.Address.ToLowerInvariant() ?? "",
            mime.Headers[MessageComposer.SendIdHeader]?.Trim(),
            mime.Headers["X-Failed-Recipients"]?.Trim().ToLowerInvariant());
    }
}

/// <summary>Every message of a campaign's sandbox mailboxes: what the engine sent and what came back.</summary>
internal sealed class CampaignMail(IReadOnlyList<StoredMail> messages)
{
    public IReadOnlyList<StoredMail> All { get; } = messages;

    /// <summary>The messages sent through the API with a send id: the engine's sends.</summary>
    public IReadOnlyList<StoredMail> Sends { get; } = [.. messages.Where(m => m.IsSent && m.SendId is not null)];

    /// <summary>The messages that arrived in the mailboxes (replies, bounces, auto-replies, unsubscribe requests).</summary>
    public IReadOnlyList<StoredMail> Inbound { get; } = [.. messages.Where(m => !m.IsSent)];

    /// <summary>The engine's sends to each address, oldest first.</summary>
    public ILookup<string, StoredMail> SendsTo => Sends.OrderBy(s => s.InternalDate).ToLookup(s => s.To, StringComparer.OrdinalIgnoreCase);

    /// <summary>The earliest answer about each address (its reply, bounce, auto-reply or unsubscribe request).</summary>
    public IReadOnlyDictionary<string, StoredMail> FirstAnswerAbout => Inbound
        .GroupBy(m => m.Concerning, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.MinBy(m => m.InternalDate)!, StringComparer.OrdinalIgnoreCase);
}
