using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Apis.Auth.OAuth2.Responses;

namespace Nudge.Gmail.Auth;

/// <summary>
/// What a mailbox signs in with, as stored (encrypted with <see cref="TokenProtector"/>) in
/// <see cref="Core.Abstractions.Mailbox.CredentialCiphertext"/>: an OAuth user credential (client and refresh token,
/// plus the last access token) or a Workspace service account's key. <see cref="ToString"/> never prints a secret.
/// </summary>
public sealed class MailboxCredential
{
    public const string OAuthUserType = "authorized_user";
    public const string ServiceAccountType = "service_account";

    /// <summary>A bearer token that does not expire, as the Gmail sandbox hands out.</summary>
    public const string AccessTokenType = "access_token";

    /// <summary><see cref="OAuthUserType"/>, <see cref="ServiceAccountType"/> or <see cref="AccessTokenType"/>.</summary>
    public string Type { get; set; } = OAuthUserType;

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? RefreshToken { get; set; }

    /// <summary>The last access token and when it was issued, so that a restart does not cost a refresh.</summary>
    public string? AccessToken { get; set; }

    public long? ExpiresInSeconds { get; set; }

    public DateTime? IssuedUtc { get; set; }

    public string? Scope { get; set; }

    /// <summary>The service account's <c>client_email</c>.</summary>
    public string? ClientEmail { get; set; }

    /// <summary>
    /// Signs in with a refresh token: refreshes it once at <paramref name="tokenUrl"/> right away, which proves the client
    /// and the token, and keeps the fresh access token in the credential.
    /// </summary>
    /// <returns>The credential to store, and the access token (for checking the mailbox's profile).</returns>
    /// <exception cref="Nudge.Core.Abstractions.MailboxAuthorizationException">The token endpoint refused the client or the token.</exception>
    public static async Task<(MailboxCredential Credential, string AccessToken)> SignInWithRefreshTokenAsync(string email, string clientId,
        string clientSecret, string refreshToken, string tokenUrl, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var credential = new MailboxCredential
        {
            Type = OAuthUserType,
            ClientId = clientId,
            ClientSecret = clientSecret,
            RefreshToken = refreshToken,
        };
        var caught = new MemoryTokenStore();
        var accessToken = await new OAuthUserTokenProvider(email, credential, tokenUrl, caught, timeProvider).GetAccessTokenAsync(cancellationToken);
        if (caught.Token is { } token)
        {
            credential.SetToken(token);
        }

        return (credential, accessToken);
    }

    /// <summary>The service account's PEM private key.</summary>
    public string? PrivateKey { get; set; }

    public static MailboxCredential ForAccessToken(string accessToken) => new() { Type = AccessTokenType, AccessToken = accessToken };

    public static MailboxCredential ForOAuthUser(string clientId, string clientSecret, TokenResponse token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var credential = new MailboxCredential { Type = OAuthUserType, ClientId = clientId, ClientSecret = clientSecret };
        credential.SetToken(token);
        return credential;
    }

    /// <summary>Reads a service account key file's JSON (as downloaded from Google Cloud: <c>type</c>, <c>client_email</c>, <c>private_key</c>).</summary>
    /// <exception cref="FormatException">It is not a service account key.</exception>
    public static MailboxCredential FromServiceAccountKeyJson(string json)
    {
        ServiceAccountKeyFile? key;
        try
        {
            key = JsonSerializer.Deserialize(json, AuthJsonContext.Default.ServiceAccountKeyFile);
        }
        catch (JsonException e)
        {
            throw new FormatException("The service account key is not valid JSON: " + e.Message, e);
        }

        if (key is null || !string.Equals(key.Type, ServiceAccountType, StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(key.ClientEmail) || string.IsNullOrWhiteSpace(key.PrivateKey))
        {
            throw new FormatException("The file is not a service account key: it needs \"type\": \"service_account\", \"client_email\" and \"private_key\".");
        }

        return new MailboxCredential { Type = ServiceAccountType, ClientEmail = key.ClientEmail, PrivateKey = key.PrivateKey, ClientId = key.ClientId };
    }

    public static MailboxCredential Parse(string json) =>
        JsonSerializer.Deserialize(json, AuthJsonContext.Default.MailboxCredential)
        ?? throw new FormatException("The stored mailbox credential is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, AuthJsonContext.Default.MailboxCredential);

    /// <summary>The token in Google.Apis.Auth's shape, for a <c>UserCredential</c>.</summary>
    public TokenResponse ToTokenResponse() => new()
    {
        AccessToken = AccessToken,
        RefreshToken = RefreshToken,
        ExpiresInSeconds = ExpiresInSeconds,
        IssuedUtc = IssuedUtc ?? DateTime.MinValue,
        Scope = Scope,
        TokenType = "Bearer",
    };

    /// <summary>Takes a new token; keeps the refresh token when the response had none (Google sends it only once).</summary>
    public void SetToken(TokenResponse token)
    {
        ArgumentNullException.ThrowIfNull(token);
        AccessToken = token.AccessToken;
        ExpiresInSeconds = token.ExpiresInSeconds;
        IssuedUtc = token.IssuedUtc;
        Scope = token.Scope ?? Scope;
        RefreshToken = token.RefreshToken ?? RefreshToken;
    }

    /// <summary>Never prints a secret.</summary>
    public override string ToString() => $"MailboxCredential {{ Type = {Type}, ClientId = {ClientId}, ClientEmail = {ClientEmail} }}";
}

/// <summary>The fields of a Google service account key file that Nudge reads.</summary>
internal sealed class ServiceAccountKeyFile
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("client_email")]
    public string? ClientEmail { get; set; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; set; }

    [JsonPropertyName("private_key")]
    public string? PrivateKey { get; set; }

    public override string ToString() => $"ServiceAccountKeyFile {{ ClientEmail = {ClientEmail} }}";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MailboxCredential))]
[JsonSerializable(typeof(ServiceAccountKeyFile))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
