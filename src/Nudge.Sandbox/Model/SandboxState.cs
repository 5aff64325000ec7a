using System.Collections.Concurrent;
using System.Security.Cryptography;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Persistence;
using Nudge.Sandbox.Recipients;

namespace Nudge.Sandbox.Model;

/// <summary>All mailboxes of one sandbox, the id generator and the state file.</summary>
internal sealed class SandboxState
{
    private readonly ConcurrentDictionary<string, MailboxState> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, MailboxState> _byToken = new(StringComparer.Ordinal);
    private readonly Lock _registryGate = new();
    private readonly Lock _saveGate = new();
    private long _lastMessageId;

    public SandboxState(GmailSandboxOptions options)
    {
        Options = options;
        Recipients = new RecipientScheduler(RecipientScript.FromOptions(options));
        if (options.DataPath is { } path && StateFile.Load(path) is { } document)
        {
            Restore(document);
        }
    }

    public GmailSandboxOptions Options { get; }

    public TimeProvider Time => Options.TimeProvider;

    /// <summary>Gets the scripted recipients and their pending answers.</summary>
    public RecipientScheduler Recipients { get; }

    /// <summary>Gets the refresh tokens and the minted (expiring) access tokens.</summary>
    public Auth.TokenRegistry Tokens { get; } = new();

    /// <summary>Gets the authorization codes issued by the consent page and not yet redeemed; not persisted.</summary>
    public Auth.AuthorizationCodeStore Codes { get; } = new();

    public MailboxState? FindByToken(string token) => _byToken.GetValueOrDefault(token);

    public MailboxState? FindByEmail(string email) => _byEmail.GetValueOrDefault(email);

    /// <summary>Gets a snapshot of the mailboxes, ordered by address.</summary>
    public IReadOnlyList<MailboxState> AllMailboxes() => [.. _byEmail.Values.OrderBy(m => m.Email, StringComparer.Ordinal)];

    public MailboxState GetOrAddMailbox(string email, SandboxAccountKind kind = SandboxAccountKind.Gmail, IReadOnlyList<string>? scopes = null)
    {
        TryAddMailbox(email, kind, scopes, out var mailbox);
        return mailbox;
    }

    /// <summary>Adds a mailbox unless one with this address (case-insensitive) exists, atomically.</summary>
    /// <returns><see langword="true"/> if <paramref name="mailbox"/> was created; <see langword="false"/> if it existed.</returns>
    /// <exception cref="ArgumentException">A scope is not a Gmail scope.</exception>
    public bool TryAddMailbox(string email, SandboxAccountKind kind, IReadOnlyList<string>? scopes, out MailboxState mailbox)
    {
        lock (_registryGate)
        {
            if (_byEmail.TryGetValue(email, out var existing))
            {
                mailbox = existing;
                return false;
            }

            // "ya29." is the prefix of Google access tokens; the rest only has to be unguessable.
            var token = "ya29.sandbox-" + Base64Url.Encode(RandomNumberGenerator.GetBytes(32), pad: false);
            // Gmail's history ids are large and never start at zero; a client must not assume they do.
            mailbox = new MailboxState(email, token, (ulong)RandomNumberGenerator.GetInt32(100_000, 10_000_000))
            {
                Grant = Auth.OAuthGrant.Create(kind, scopes),
            };
            _byEmail[email] = mailbox;
            _byToken[token] = mailbox;
            Tokens.Register(mailbox);
            Save();
            return true;
        }
    }

    /// <summary>
    /// Records a consent to the installed-app client: a new grant with its own refresh token, saved with the mailbox
    /// so that the refresh token keeps working after a restart, as Google's do.
    /// </summary>
    public Auth.OAuthGrant AddConsentGrant(MailboxState mailbox, IEnumerable<string> scopes)
    {
        var grant = Auth.OAuthGrant.ForClient(mailbox.Grant.Kind, scopes, Options.OAuthClientId, Options.OAuthClientSecret);
        lock (mailbox.Gate)
        {
            mailbox.ConsentGrants.Add(grant);
        }

        Tokens.Register(mailbox, grant);
        Save();
        return grant;
    }

    /// <summary>
    /// Makes a new message id: 16 lowercase hex digits that, like Gmail's, grow with time (milliseconds shifted left
    /// by 20 bits, plus a counter), and are unique across the sandbox even when the clock stands still.
    /// </summary>
    public string NextMessageId()
    {
        var timeBased = Time.GetUtcNow().ToUnixTimeMilliseconds() << 20;
        while (true)
        {
            var last = Interlocked.Read(ref _lastMessageId);
            var next = Math.Max(timeBased, last + 1);
            if (Interlocked.CompareExchange(ref _lastMessageId, next, last) == last)
            {
                return next.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Writes the whole state to <see cref="GmailSandboxOptions.DataPath"/>, if set.</summary>
    public void Save()
    {
        if (Options.DataPath is not { } path)
        {
            return;
        }

        // One writer at a time, and each write snapshots the latest state, so the last write always wins with
        // everything that was acknowledged before it.
        lock (_saveGate)
        {
            var document = new StateDocument { LastMessageId = (ulong)Interlocked.Read(ref _lastMessageId) };
            foreach (var mailbox in _byEmail.Values.OrderBy(m => m.Email, StringComparer.Ordinal))
            {
                lock (mailbox.Gate)
                {
                    document.Mailboxes.Add(ToDocument(mailbox));
                }
            }

            document.PendingDeliveries = Recipients.ToDocuments();
            StateFile.Save(path, document);
        }
    }

    private static MailboxDocument ToDocument(MailboxState mailbox) => new()
    {
        Email = mailbox.Email,
        AccessToken = mailbox.AccessToken,
        Grant = Auth.GrantMapping.ToDocument(mailbox.Grant),
        ConsentGrants = mailbox.ConsentGrants.Count == 0 ? null : mailbox.ConsentGrants.Select(Auth.GrantMapping.ToDocument).ToList(),
        HistoryId = mailbox.HistoryId,
        ExpiredThroughHistoryId = mailbox.ExpiredThroughHistoryId,
        Messages = mailbox.Messages.Select(m => new MessageDocument
        {
            Id = m.Id,
            ThreadId = m.ThreadId,
            LabelIds = [.. m.LabelIds],
            InternalDate = m.InternalDate,
            HistoryId = m.HistoryId,
            Raw = m.Raw,
        }).ToList(),
        History = mailbox.History.Select(h => new HistoryDocument
        {
            Id = h.Id,
            Time = h.Time,
            MessageId = h.MessageId,
            ThreadId = h.ThreadId,
            LabelIds = [.. h.LabelIds],
            Kind = h.Kind,
            LabelsAdded = h.LabelsAdded?.ToList(),
            LabelsRemoved = h.LabelsRemoved?.ToList(),
        }).ToList(),
        Extras = MailboxExtrasDocument.From(mailbox.Extras),
    };

    private void Restore(StateDocument document)
    {
        _lastMessageId = (long)document.LastMessageId;
        foreach (var saved in document.Mailboxes)
        {
            var mailbox = new MailboxState(saved.Email, saved.AccessToken, saved.HistoryId)
            {
                Grant = Auth.GrantMapping.FromDocument(saved.Grant),
            };
            foreach (var message in saved.Messages)
            {
                var facts = MimeInspector.Inspect(MimeInspector.Parse(message.Raw));
                mailbox.Add(
                    new StoredMessage(
                        message.Id, message.ThreadId, message.LabelIds, message.InternalDate, message.HistoryId, message.Raw, facts),
                    historyTime: null);
            }

            mailbox.Restore(
                saved.HistoryId,
                saved.ExpiredThroughHistoryId,
                saved.History.Select(h => new HistoryRecord(
                    h.Id, h.Time, h.MessageId, h.ThreadId, h.LabelIds, h.Kind, h.LabelsAdded, h.LabelsRemoved)));
            saved.Extras?.RestoreInto(mailbox.Extras);
            mailbox.ConsentGrants.AddRange((saved.ConsentGrants ?? []).Where(g => g.RefreshToken.Length > 0).Select(g => Auth.GrantMapping.FromDocument(g)));
            _byEmail[mailbox.Email] = mailbox;
            _byToken[mailbox.AccessToken] = mailbox;
            Tokens.Register(mailbox);
        }

        Recipients.Restore(document.PendingDeliveries, email => _byEmail.GetValueOrDefault(email));
    }
}
