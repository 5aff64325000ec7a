using System.Text.Json;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>
/// An OAuth client of Google Cloud (or of a sandbox): its id and secret. <see cref="ToString"/> never prints the secret.
/// </summary>
/// <param name="ClientId">The client id, <c>….apps.googleusercontent.com</c> for Google.</param>
/// <param name="ClientSecret">The client secret.</param>
public sealed record OAuthClient(string ClientId, string ClientSecret)
{
    /// <summary>
    /// Reads Google's <c>credentials.json</c> of a Desktop client (<c>{"installed": {…}}</c>) or of a Web client
    /// (<c>{"web": {…}}</c>).
    /// </summary>
    /// <exception cref="FormatException">It is not such a file; the message says what is missing.</exception>
    public static OAuthClient ParseCredentialsJson(string json)
    {
        OAuthClientFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, DashboardJsonContext.Default.OAuthClientFile);
        }
        catch (JsonException e)
        {
            throw new FormatException("it is not valid JSON: " + e.Message, e);
        }

        var entry = file?.Installed ?? file?.Web
            ?? throw new FormatException(
                "it is not the credentials.json of an OAuth client: it needs an \"installed\" (Desktop) or \"web\" object. "
                + "A service account's key does not sign in a gmail.com account.");
        if (string.IsNullOrWhiteSpace(entry.ClientId) || string.IsNullOrWhiteSpace(entry.ClientSecret))
        {
            throw new FormatException("it has no client_id or no client_secret.");
        }

        return new OAuthClient(entry.ClientId.Trim(), entry.ClientSecret.Trim());
    }

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"OAuthClient {{ ClientId = {ClientId} }}";
}
