using System.Text.Json.Serialization;

namespace Nudge.Sandbox.Auth;

/// <summary>An OAuth token endpoint error: <c>{"error","error_description"}</c>, not Google's API envelope.</summary>
internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description);
