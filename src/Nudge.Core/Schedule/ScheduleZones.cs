using System.Diagnostics.CodeAnalysis;

namespace Nudge.Core.Schedule;

/// <summary>Which time zone a contact's steps are scheduled in.</summary>
public static class ScheduleZones
{
    /// <summary>The contact field that names the contact's own IANA zone.</summary>
    public const string ContactField = "timezone";

    /// <summary>The system zone with this IANA id, or <see langword="null"/>.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    /// <summary>
    /// The contact's zone: its <c>timezone</c> field when present, else the sequence's zone, else the mailbox's.
    /// </summary>
    /// <param name="fields">The contact's fields.</param>
    /// <param name="sequenceZone">The sequence file's <c>timezone</c>, if any.</param>
    /// <param name="mailboxZone">The sending mailbox's zone.</param>
    /// <param name="zone">The zone to use.</param>
    /// <param name="problem">Set when the contact's <c>timezone</c> field names no known zone; names the field and value.</param>
    public static bool TryResolve(IReadOnlyDictionary<string, string> fields, TimeZoneInfo? sequenceZone, TimeZoneInfo mailboxZone,
        out TimeZoneInfo zone, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(mailboxZone);
        problem = null;
        if (fields.TryGetValue(ContactField, out var id) && !string.IsNullOrWhiteSpace(id))
        {
            if (Find(id) is { } contactZone)
            {
                zone = contactZone;
                return true;
            }

            zone = sequenceZone ?? mailboxZone;
            problem = $"field '{ContactField}' is '{id.Trim()}', which is not a known IANA time zone (such as 'Europe/Paris')";
            return false;
        }

        zone = sequenceZone ?? mailboxZone;
        return true;
    }
}
