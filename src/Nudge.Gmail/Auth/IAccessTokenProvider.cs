namespace Nudge.Gmail.Auth;

/// <summary>Supplies a valid OAuth access token for a mailbox, refreshing it when needed.</summary>
public interface IAccessTokenProvider
{
    ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}
