using System.Text.Json.Serialization;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>The fields of a <c>credentials.json</c> client that the dashboard reads.</summary>
internal sealed class OAuthClientFileEntry
{
    [JsonPropertyName("client_id")]
    public string? ClientId { get; set; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; set; }

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"OAuthClientFileEntry {{ ClientId = {ClientId} }}";
}
