using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Sandbox.Wire;

/// <summary>
/// Source-generated JSON for drafts, labels, sendAs, watch and modify, with the same options as
/// <see cref="SandboxJsonContext"/>; a context of its own keeps these types out of the shared one.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ModifyMessageRequest))]
[JsonSerializable(typeof(DraftRequest))]
[JsonSerializable(typeof(DraftResource))]
[JsonSerializable(typeof(ListDraftsResponse))]
[JsonSerializable(typeof(LabelRequest))]
[JsonSerializable(typeof(LabelResource))]
[JsonSerializable(typeof(ListLabelsResponse))]
[JsonSerializable(typeof(ListSendAsResponse))]
[JsonSerializable(typeof(WatchRequest))]
[JsonSerializable(typeof(WatchResponse))]
internal sealed partial class ExtrasJsonContext : JsonSerializerContext;
