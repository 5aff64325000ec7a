using System.Text.Json;
using System.Text.Json.Serialization;
using Nudge.Sandbox.Auth;

namespace Nudge.Sandbox.Observability;

/// <summary>
/// Source-generated JSON for the admin endpoints and the OAuth token endpoint; a context of its own keeps these
/// types out of the Gmail wire context.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(StoredMessagesResponse))]
[JsonSerializable(typeof(FaultsBody))]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(CreateMailboxBody))]
[JsonSerializable(typeof(MailboxCredentials))]
[JsonSerializable(typeof(OAuthClientInfo))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
