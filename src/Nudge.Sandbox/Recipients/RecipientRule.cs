using System.Net.Mail;

namespace Nudge.Sandbox.Recipients;

/// <summary>
/// One scripted recipient: which addresses it matches, what it does when a sandbox mailbox sends to one of them, and
/// how long after the send its answer arrives.
/// </summary>
public sealed class RecipientRule
{
    /// <summary>Means "every send triggers the rule" in <see cref="Times"/>.</summary>
    public const int Always = int.MaxValue;

    /// <summary>Gets the addresses the rule applies to: an exact address, or <c>*@domain</c> for a whole domain.</summary>
    /// <value>Compared case-insensitively.</value>
    public required string Match { get; init; }

    /// <summary>Gets what the recipient does.</summary>
    public required RecipientBehaviour Behaviour { get; init; }

    /// <summary>Gets how long after the triggering send the answer arrives (its <c>internalDate</c>).</summary>
    /// <value>The default value is zero: it arrives before the next request is handled.</value>
    public TimeSpan Delay { get; init; }

    /// <summary>Gets the body text of a reply, out-of-office or unsubscribe request, replacing the default wording.</summary>
    /// <value>The default value is <see langword="null"/>. Bounces ignore it.</value>
    public string? Text { get; init; }

    /// <summary>
    /// Gets the vacation responder's subject, which Gmail puts in front of <c>Re: subject</c> (the API's
    /// <c>responseSubject</c>). Only for <see cref="RecipientBehaviour.OutOfOffice"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the subject is <c>Re: subject</c> and the answer joins
    /// the thread. With a subject such as "Out of office" the answer starts a thread of its own, because its
    /// subject no longer matches.</value>
    public string? Subject { get; init; }

    /// <summary>Gets the date the out-of-office recipient is back, stated in the body.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public DateOnly? ReturnDate { get; init; }

    /// <summary>
    /// Gets how many days an out-of-office recipient stays silent to a sender it has answered: Gmail's vacation
    /// responder answers a sender once, then again only after four days. Zero answers every message.
    /// </summary>
    /// <value>The default value is 4.</value>
    public int OncePerSenderDays { get; init; } = 4;

    /// <summary>
    /// Gets how many sends (per sending mailbox and recipient address) trigger the rule. Once used up, the next
    /// matching rule in the script applies, so that a script can say "out of office first, then a reply".
    /// </summary>
    /// <value>The default value is <see langword="null"/>: 1 (only the first send), except for
    /// <see cref="RecipientBehaviour.OutOfOffice"/>, which defaults to <see cref="Always"/> and is limited by
    /// <see cref="OncePerSenderDays"/> instead.</value>
    public int? Times { get; init; }

    /// <summary>Gets <see cref="Times"/> with its default applied.</summary>
    public int EffectiveTimes => Times ?? (Behaviour == RecipientBehaviour.OutOfOffice ? Always : 1);

    /// <summary>Tells whether <paramref name="address"/> is one of the addresses the rule applies to.</summary>
    /// <param name="address">A bare email address.</param>
    /// <returns><see langword="true"/> when it matches <see cref="Match"/>, ignoring case.</returns>
    public bool Matches(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var pattern = Match.Trim();
        return pattern.StartsWith("*@", StringComparison.Ordinal)
            ? address.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(address, pattern, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Returns what is wrong with the rule, as (field, message), or <see langword="null"/> when it is valid.</summary>
    internal (string Field, string Message)? Validate()
    {
        var pattern = (Match ?? "").Trim();
        if (pattern.StartsWith("*@", StringComparison.Ordinal))
        {
            var domain = pattern[2..];
            if (domain.Length == 0 || domain.Contains('@', StringComparison.Ordinal) || domain.Any(char.IsWhiteSpace))
            {
                return ("match", $"'{Match}' is not a domain pattern; write *@example.com.");
            }
        }
        else if (!MailAddress.TryCreate(pattern, out var parsed) || !string.Equals(parsed.Address, pattern, StringComparison.Ordinal))
        {
            return ("match", $"'{Match}' is neither an email address nor a *@domain pattern.");
        }

        if (!Enum.IsDefined(Behaviour))
        {
            return ("behaviour", $"'{Behaviour}' is not a behaviour.");
        }

        if (Delay < TimeSpan.Zero)
        {
            return ("after", "The delay must not be negative.");
        }

        if (Times is < 1)
        {
            return ("times", "times must be at least 1 (or \"always\").");
        }

        return OncePerSenderDays < 0 ? ("oncePerSenderDays", "oncePerSenderDays must not be negative.") : null;
    }
}
