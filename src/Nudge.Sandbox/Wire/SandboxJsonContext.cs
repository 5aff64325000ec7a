using System.Text.Json;
using System.Text.Json.Serialization;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Persistence;

namespace Nudge.Sandbox.Wire;

/// <summary>Source-generated JSON for the wire and the state file: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // Google's parser rejects a JSON number where a string is expected; ours is lenient only about case.
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MessageRequest))]
[JsonSerializable(typeof(MessageResource))]
[JsonSerializable(typeof(ListMessagesResponse))]
[JsonSerializable(typeof(ThreadResource))]
[JsonSerializable(typeof(ListThreadsResponse))]
[JsonSerializable(typeof(ListHistoryResponse))]
[JsonSerializable(typeof(ProfileResource))]
[JsonSerializable(typeof(MessagePartBodyResource))]
[JsonSerializable(typeof(GoogleErrorEnvelope))]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
