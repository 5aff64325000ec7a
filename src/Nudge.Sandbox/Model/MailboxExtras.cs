namespace Nudge.Sandbox.Model;

/// <summary>
/// The parts of a mailbox beyond its messages: drafts, user labels and the watch. Guarded by the owning
/// <see cref="MailboxState.Gate"/>, like the rest of the mailbox.
/// </summary>
internal sealed class MailboxExtras
{
    /// <summary>Gets the drafts: draft id to the id of the message (labelled DRAFT) that holds it.</summary>
    public Dictionary<string, string> Drafts { get; } = new(StringComparer.Ordinal);

    public List<UserLabel> Labels { get; } = [];

    /// <summary>Gets or sets the number in the last <c>Label_N</c> handed out; numbers are never reused.</summary>
    public int LastLabelNumber { get; set; }

    public WatchRegistration? Watch { get; set; }

    public UserLabel? FindLabel(string id) => Labels.Find(l => string.Equals(l.Id, id, StringComparison.Ordinal));

    /// <summary>Finds a user label by name as search does: case-insensitive, with '-' standing for ' ' or '/'.</summary>
    public UserLabel? FindLabelByName(string name)
    {
        static string Key(string text) => text.Replace(' ', '-').Replace('/', '-');
        return Labels.Find(l => string.Equals(Key(l.Name), Key(name), StringComparison.OrdinalIgnoreCase));
    }

    public string? DraftIdOf(string messageId) =>
        Drafts.FirstOrDefault(d => string.Equals(d.Value, messageId, StringComparison.Ordinal)).Key;
}
