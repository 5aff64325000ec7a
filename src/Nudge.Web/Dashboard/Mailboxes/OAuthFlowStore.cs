using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>
/// The sign-ins under way (<see cref="PendingOAuthFlow"/>), in memory: each lasts <see cref="Lifetime"/> and is used at
/// most once. A restart forgets them, which only means signing in again.
/// </summary>
public sealed class OAuthFlowStore
{
    /// <summary>How long the user has on the consent page.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Only signed-in users start flows, but a script of theirs could still start many: the oldest go first.
    private const int MaxPending = 100;

    private readonly ConcurrentDictionary<string, PendingOAuthFlow> _flows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates the store on the dashboard's clock.</summary>
    public OAuthFlowStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>A new random value for <c>state</c> or a PKCE verifier: 32 bytes, base64url (43 characters).</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The PKCE S256 challenge of a verifier.</summary>
    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>What the binding cookie carries: the state's SHA-256, so the cookie alone does not reveal the state.</summary>
    public static string StateHash(string state) => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    /// <summary>The expiry of a flow started now.</summary>
    public DateTimeOffset NewExpiry() => _time.GetUtcNow() + Lifetime;

    /// <summary>Keeps a flow until its callback, or until it expires.</summary>
    public void Add(PendingOAuthFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var now = _time.GetUtcNow();
        foreach (var (state, pending) in _flows)
        {
            if (pending.ExpiresAt <= now)
            {
                _flows.TryRemove(state, out _);
            }
        }

        while (_flows.Count >= MaxPending && _flows.Values.MinBy(f => f.ExpiresAt) is { } oldest)
        {
            _flows.TryRemove(oldest.State, out _);
        }

        _flows[flow.State] = flow;
    }

    /// <summary>
    /// Takes the flow of <paramref name="state"/> if the browser's cookie carries its hash and it has not expired. The
    /// flow is removed whatever the outcome once the state is known, so a state works once.
    /// </summary>
    public PendingOAuthFlow? Take(string? state, string? cookieHash)
    {
        // Removed first, cookie or not: a state that reached the callback once is spent.
        if (string.IsNullOrEmpty(state) || !_flows.TryRemove(state, out var flow) || string.IsNullOrEmpty(cookieHash))
        {
            return null;
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(StateHash(state)), Encoding.ASCII.GetBytes(cookieHash));
        return matches && flow.ExpiresAt > _time.GetUtcNow() ? flow : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
