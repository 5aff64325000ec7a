using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>The JSON the mailboxes page reads and writes (client files, the sandbox's admin endpoints), source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OAuthClientFile))]
[JsonSerializable(typeof(SandboxMailboxRequest))]
[JsonSerializable(typeof(SandboxMailboxCreated))]
[JsonSerializable(typeof(SandboxOAuthClient))]
[JsonSerializable(typeof(SandboxError))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
