namespace Nudge.Sandbox.Model;

/// <summary>Label changes and deletions. Stored messages stay immutable: a change swaps in a new record.</summary>
internal sealed partial class MailboxState
{
    public MailboxExtras Extras { get; } = new();

    /// <summary>Finds a user label by name for search, taking the lock itself (it is re-entrant).</summary>
    public UserLabel? FindUserLabel(string name)
    {
        lock (Gate)
        {
            return Extras.FindLabelByName(name);
        }
    }

    /// <summary>
    /// Adds and removes labels on a message, recording one <c>labelsAdded</c>/<c>labelsRemoved</c> history record
    /// when something changed. Returns the message as it is afterwards.
    /// </summary>
    public StoredMessage ChangeLabels(StoredMessage message, IEnumerable<string> add, IEnumerable<string> remove, DateTimeOffset now)
    {
        var removeSet = new HashSet<string>(remove, StringComparer.Ordinal);
        var labels = message.LabelIds.Where(l => !removeSet.Contains(l)).ToList();
        var added = new List<string>();
        foreach (var label in add)
        {
            if (!labels.Contains(label, StringComparer.Ordinal))
            {
                labels.Add(label);
                added.Add(label);
            }
        }

        var removed = message.LabelIds.Where(removeSet.Contains).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return message;
        }

        var historyId = NextHistoryId();
        var updated = message with { LabelIds = labels, HistoryId = historyId };
        Swap(message, updated);
        _history.Add(new HistoryRecord(
            historyId,
            now,
            message.Id,
            message.ThreadId,
            labels,
            HistoryChange.LabelsChanged,
            added.Count == 0 ? null : added,
            removed.Count == 0 ? null : removed));
        return updated;
    }

    /// <summary>Deletes a message for good, recording a <c>messagesDeleted</c> history record.</summary>
    public void Delete(StoredMessage message, DateTimeOffset now)
    {
        _messages.Remove(message);
        _byId.Remove(message.Id);
        if (_threads.TryGetValue(message.ThreadId, out var thread))
        {
            thread.Remove(message);
            if (thread.Count == 0)
            {
                _threads.Remove(message.ThreadId);
            }
        }

        if (_byMessageIdHeader.TryGetValue(message.Facts.MessageId, out var same))
        {
            same.Remove(message);
            if (same.Count == 0)
            {
                _byMessageIdHeader.Remove(message.Facts.MessageId);
            }
        }

        _history.Add(new HistoryRecord(
            NextHistoryId(), now, message.Id, message.ThreadId, message.LabelIds, HistoryChange.MessageDeleted));
    }

    private void Swap(StoredMessage old, StoredMessage updated)
    {
        _messages[_messages.IndexOf(old)] = updated;
        _byId[old.Id] = updated;
        var thread = _threads[old.ThreadId];
        thread[thread.IndexOf(old)] = updated;
        if (_byMessageIdHeader.TryGetValue(old.Facts.MessageId, out var same))
        {
            same[same.IndexOf(old)] = updated;
        }
    }
}
