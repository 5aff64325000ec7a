using System.Text.Json.Serialization;

namespace Nudge.Cli.Hosting;

/// <summary>The JSON the engine commands print (<c>--json</c>), camelCase, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ImportOutput))]
[JsonSerializable(typeof(IReadOnlyList<StatusLine>))]
[JsonSerializable(typeof(EnrollOutput))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
