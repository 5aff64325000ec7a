using Nudge.Sandbox.Persistence;

namespace Nudge.Sandbox.Auth;

/// <summary>Converts grants to and from the state file.</summary>
internal static class GrantMapping
{
    public static GrantDocument ToDocument(OAuthGrant grant) => new()
    {
        Kind = grant.Kind,
        Scopes = [.. grant.Scopes],
        RefreshToken = grant.RefreshToken,
        ClientId = grant.ClientId,
        ClientSecret = grant.ClientSecret,
        Revoked = grant.Revoked,
    };

    /// <summary>Restores a grant; a file written before grants existed gets a fresh full-access Gmail grant.</summary>
    public static OAuthGrant FromDocument(GrantDocument? document) => document is null || document.RefreshToken.Length == 0
        ? OAuthGrant.Create(SandboxAccountKind.Gmail, scopes: null)
        : new OAuthGrant(
            document.Kind,
            OAuthGrant.NormalizeScopes(document.Scopes),
            document.RefreshToken,
            document.ClientId,
            document.ClientSecret,
            document.Revoked);
}
