using Nudge.Core.Abstractions;

namespace Nudge.Core.GmailApi;

/// <summary>Makes the <see cref="IGmailClient"/> that talks to one mailbox's Gmail API with its credentials.</summary>
public interface IGmailClientFactory
{
    IGmailClient Create(Mailbox mailbox);
}
