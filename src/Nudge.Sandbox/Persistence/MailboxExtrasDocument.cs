using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Persistence;

/// <summary>Drafts, user labels and the watch of one mailbox in the state file.</summary>
internal sealed class MailboxExtrasDocument
{
    public Dictionary<string, string> Drafts { get; set; } = [];

    public List<UserLabelDocument> Labels { get; set; } = [];

    public int LastLabelNumber { get; set; }

    public WatchDocument? Watch { get; set; }

    public static MailboxExtrasDocument From(MailboxExtras extras) => new()
    {
        Drafts = new Dictionary<string, string>(extras.Drafts, StringComparer.Ordinal),
        Labels = extras.Labels.Select(l => new UserLabelDocument
        {
            Id = l.Id,
            Name = l.Name,
            MessageListVisibility = l.MessageListVisibility,
            LabelListVisibility = l.LabelListVisibility,
        }).ToList(),
        LastLabelNumber = extras.LastLabelNumber,
        Watch = extras.Watch is { } watch
            ? new WatchDocument
            {
                TopicName = watch.TopicName,
                LabelIds = [.. watch.LabelIds],
                LabelFilterBehavior = watch.LabelFilterBehavior,
                HistoryId = watch.HistoryId,
                Expiration = watch.Expiration,
            }
            : null,
    };

    public void RestoreInto(MailboxExtras extras)
    {
        foreach (var (draftId, messageId) in Drafts)
        {
            extras.Drafts[draftId] = messageId;
        }

        extras.Labels.AddRange(Labels.Select(l => new UserLabel(l.Id, l.Name, l.MessageListVisibility, l.LabelListVisibility)));
        extras.LastLabelNumber = LastLabelNumber;
        extras.Watch = Watch is { } watch
            ? new WatchRegistration(watch.TopicName, watch.LabelIds, watch.LabelFilterBehavior, watch.HistoryId, watch.Expiration)
            : null;
    }
}
