using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Web.Push;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PushEnvelope))]
[JsonSerializable(typeof(PushData))]
internal sealed partial class PushJsonContext : JsonSerializerContext;
