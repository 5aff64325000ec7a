using System.Collections.Frozen;
using System.Globalization;
using MimeKit;
using Nudge.Core.Schedule;
using Nudge.Core.Templates;

namespace Nudge.Core.Rules;

/// <summary>
/// A templated reply to inbound mail, loaded from a rule file by <see cref="RuleFile"/>: new mail in a watched
/// mailbox that meets <see cref="Match"/> is answered in its thread with <see cref="Template"/>, unless
/// <see cref="ReplyGuard"/> refuses it or a limit (<see cref="OncePerThread"/>, <see cref="PerSender"/>,
/// <see cref="Hours"/>) says no.
/// </summary>
/// <param name="Name">Unique among rules; stored with every reply it sends.</param>
/// <param name="Mailbox">The mailbox whose inbox the rule watches and whose address the reply is sent from.</param>
/// <param name="Match">Which messages it answers.</param>
/// <param name="Template">The reply; its fields are those of <see cref="FieldsFor"/>. Without a subject of its own the
/// reply reuses "Re: &lt;their subject&gt;".</param>
public sealed record InboundRule(string Name, string Mailbox, RuleMatch Match, MessageTemplate Template)
{
    /// <summary>The field with the sender's address.</summary>
    public const string EmailField = "email";

    /// <summary>The field with the sender's display name, cleaned; absent when it gives no name.</summary>
    public const string NameField = "name";

    /// <summary>The field with the sender's first name; absent when the display name gives none.</summary>
    public const string FirstNameField = "first_name";

    /// <summary>The field with the sender's last name; absent when the display name gives none.</summary>
    public const string LastNameField = "last_name";

    /// <summary>The field with the inbound message's subject.</summary>
    public const string SubjectField = "subject";

    /// <summary>The field with the watched mailbox's address.</summary>
    public const string MailboxField = "mailbox";

    /// <summary>The field with when the inbound message arrived, ISO 8601 with its offset (<c>2026-03-03T10:00:00+01:00</c>).</summary>
    public const string ReceivedAtField = "received_at";

    /// <summary>The text of <see cref="SubjectField"/> for a message without a subject, as Gmail shows it.</summary>
    public const string NoSubject = "(no subject)";

    /// <summary>Every field a rule's template can use; a template using any other is a file error.</summary>
    public static IReadOnlySet<string> ReplyFields { get; } = new[]
    {
        EmailField, NameField, FirstNameField, LastNameField, SubjectField, MailboxField, ReceivedAtField,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The fields every reply has. The others (the sender's names) may be missing, so a template must give them a
    /// <c>default</c>.
    /// </summary>
    public static IReadOnlyList<string> AlwaysPresentFields { get; } = [EmailField, SubjectField, MailboxField, ReceivedAtField];

    /// <summary>The <see cref="PerSender"/> of a file that does not say.</summary>
    public static TimeSpan DefaultPerSender { get; } = TimeSpan.FromHours(24);

    /// <summary>Never a second templated reply in one thread.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool OncePerThread { get; init; } = true;

    /// <summary>At most one reply to one sender per this span (across threads), or <see langword="null"/> for no limit.</summary>
    /// <value>The default value is 24 hours (<see cref="DefaultPerSender"/>).</value>
    public TimeSpan? PerSender { get; init; } = DefaultPerSender;

    /// <summary>When the rule answers, relative to <see cref="Window"/>.</summary>
    /// <value>The default value is <see cref="RuleHours.Always"/>.</value>
    public RuleHours Hours { get; init; } = RuleHours.Always;

    /// <summary>The business hours that <see cref="Hours"/> refers to; set exactly when it is not <see cref="RuleHours.Always"/>.</summary>
    public SendWindowRule? Window { get; init; }

    /// <summary>The zone <see cref="Window"/> is in; set exactly when <see cref="Hours"/> is not <see cref="RuleHours.Always"/>.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>
    /// The sequence to enroll the sender in, in the answered thread, after the reply, or <see langword="null"/>. Only a
    /// name: whether such a sequence exists is for the caller to check against its catalog.
    /// </summary>
    public string? ThenSequence { get; init; }

    /// <summary>The file the rule came from (its name only), for messages.</summary>
    public string FileName { get; init; } = "";

    /// <summary>
    /// The fields a reply to <paramref name="from"/> is rendered with: every name in <see cref="AlwaysPresentFields"/>,
    /// and <c>name</c>, <c>first_name</c> and <c>last_name</c> when the display name gives them. A display name that is
    /// empty or an address gives none; <c>Bloggs, Jo</c> gives Jo and Bloggs; titles, comments and quotes are dropped.
    /// </summary>
    /// <param name="from">The sender, as the reply will address them.</param>
    /// <param name="subject">The inbound subject; <see cref="NoSubject"/> when blank.</param>
    /// <param name="mailbox">The watched mailbox.</param>
    /// <param name="receivedAt">When the message arrived; written with its own offset.</param>
    public static IReadOnlyDictionary<string, string> FieldsFor(MailboxAddress from, string subject, string mailbox, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(mailbox);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EmailField] = from.Address,
            [SubjectField] = string.IsNullOrWhiteSpace(subject) ? NoSubject : subject.Trim(),
            [MailboxField] = mailbox,
            [ReceivedAtField] = receivedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        };

        var (name, first, last) = SenderName.Split(from.Name);
        Add(NameField, name);
        Add(FirstNameField, first);
        Add(LastNameField, last);
        return fields;

        void Add(string field, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                fields[field] = value;
            }
        }
    }
}
