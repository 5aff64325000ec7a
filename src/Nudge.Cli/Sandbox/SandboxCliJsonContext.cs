using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Cli.Sandbox;

/// <summary>Source-generated JSON for <c>nudge sandbox</c>'s output.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SandboxMailboxLine))]
internal sealed partial class SandboxCliJsonContext : JsonSerializerContext;
