using System.Text.Json.Serialization;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>The shape of Google's <c>credentials.json</c>: one of the two objects.</summary>
internal sealed class OAuthClientFile
{
    [JsonPropertyName("installed")]
    public OAuthClientFileEntry? Installed { get; set; }

    [JsonPropertyName("web")]
    public OAuthClientFileEntry? Web { get; set; }
}
