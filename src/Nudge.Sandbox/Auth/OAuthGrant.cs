using System.Globalization;
using System.Security.Cryptography;
using Nudge.Sandbox.Mime;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// What a mailbox's user consented to: the OAuth client, the refresh token it was given and the scopes. The token
/// endpoint mints access tokens from it until it is revoked.
/// </summary>
internal sealed class OAuthGrant
{
    private volatile bool _revoked;

    public OAuthGrant(SandboxAccountKind kind, IReadOnlySet<string> scopes, string refreshToken, string clientId, string clientSecret, bool revoked)
    {
        Kind = kind;
        Scopes = scopes;
        RefreshToken = refreshToken;
        ClientId = clientId;
        ClientSecret = clientSecret;
        _revoked = revoked;
    }

    public SandboxAccountKind Kind { get; }

    /// <summary>Gets the granted scope URLs.</summary>
    public IReadOnlySet<string> Scopes { get; }

    public string RefreshToken { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    public bool Revoked
    {
        get => _revoked;
        set => _revoked = value;
    }

    /// <summary>Makes a new grant with fresh credentials shaped like Google's.</summary>
    /// <param name="kind">The account kind.</param>
    /// <param name="scopes">Scope URLs or short forms; null or empty means full access.</param>
    /// <exception cref="ArgumentException">A scope is not a Gmail scope.</exception>
    public static OAuthGrant Create(SandboxAccountKind kind, IEnumerable<string>? scopes) => new(
        kind,
        NormalizeScopes(scopes),
        // "1//" starts Google refresh tokens, "<project number>-….apps.googleusercontent.com" client ids and "GOCSPX-"
        // client secrets; the random parts only have to be unguessable.
        NewRefreshToken(),
        RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture)
            + "-sandbox" + Random(12).ToLowerInvariant().Replace('_', 'x').Replace('-', 'y') + ".apps.googleusercontent.com",
        "GOCSPX-" + Random(21),
        revoked: false);

    /// <summary>Makes a grant to an existing client (the installed-app client), with a fresh refresh token.</summary>
    /// <param name="kind">The account kind of the mailbox.</param>
    /// <param name="scopes">The granted scope URLs.</param>
    /// <param name="clientId">The client the user consented to.</param>
    /// <param name="clientSecret">That client's secret.</param>
    public static OAuthGrant ForClient(SandboxAccountKind kind, IEnumerable<string> scopes, string clientId, string clientSecret) =>
        new(kind, NormalizeScopes(scopes), NewRefreshToken(), clientId, clientSecret, revoked: false);

    public static IReadOnlySet<string> NormalizeScopes(IEnumerable<string>? scopes)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes ?? [])
        {
            result.Add(SandboxScopes.Normalize(scope)
                ?? throw new ArgumentException($"'{scope}' is not a Gmail OAuth scope.", nameof(scopes)));
        }

        if (result.Count == 0)
        {
            result.Add(SandboxScopes.FullAccess);
        }

        return result;
    }

    private static string NewRefreshToken() => "1//sandbox-" + Random(32);

    private static string Random(int bytes) => Base64Url.Encode(RandomNumberGenerator.GetBytes(bytes), pad: false);
}
