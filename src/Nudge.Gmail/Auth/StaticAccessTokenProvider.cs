namespace Nudge.Gmail.Auth;

/// <summary>A token that does not expire, as the Gmail sandbox issues for its mailboxes.</summary>
public sealed class StaticAccessTokenProvider(string accessToken) : IAccessTokenProvider
{
    public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(accessToken);

    /// <summary>Never prints the token.</summary>
    public override string ToString() => nameof(StaticAccessTokenProvider);
}
