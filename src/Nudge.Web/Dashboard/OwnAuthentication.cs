namespace Nudge.Web.Dashboard;

/// <summary>
/// Endpoint metadata for endpoints that check their own credential (the HTTP API's bearer token or key): the
/// dashboard's session is not required of them. Every endpoint without it, and without
/// <see cref="Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute"/>, needs a dashboard session.
/// </summary>
/// <remarks>
/// Unlike <c>AllowAnonymous</c>, this does not override an authorization policy the endpoint has: it only waives the
/// dashboard's fallback policy for an endpoint that has none.
/// </remarks>
/// <param name="credential">What the endpoint checks instead, in words.</param>
public sealed class OwnAuthentication(string credential)
{
    /// <summary>What the endpoint checks instead of the session, in words.</summary>
    public string Credential { get; } = credential;
}
