using System.Text.Json.Serialization;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// A successful answer of <c>POST /token</c>, in OAuth's snake_case and Google's field order. <see cref="RefreshToken"/>
/// is only in the answer to an authorization-code exchange; a refresh keeps the refresh token it was given.
/// </summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("token_type")] string TokenType);
