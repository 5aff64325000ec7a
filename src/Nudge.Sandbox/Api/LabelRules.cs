using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Api;

/// <summary>Which label ids a mailbox knows. Call with the mailbox's <see cref="MailboxState.Gate"/> held.</summary>
internal static class LabelRules
{
    public static bool IsKnown(MailboxState mailbox, string labelId) =>
        SystemLabels.All.Contains(labelId) || mailbox.Extras.FindLabel(labelId) is not null;

    public static string? FirstUnknown(MailboxState mailbox, IEnumerable<string> labelIds) =>
        labelIds.FirstOrDefault(l => !IsKnown(mailbox, l));
}
