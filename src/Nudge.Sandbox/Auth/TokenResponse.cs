using System.Text.Json.Serialization;

namespace Nudge.Sandbox.Auth;

/// <summary>A successful answer of <c>POST /token</c>, in OAuth's snake_case as Google writes it.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("token_type")] string TokenType);
