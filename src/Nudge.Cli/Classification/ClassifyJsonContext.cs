using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Cli.Classification;

/// <summary>Source-generated JSON for <c>nudge classify --json</c> (camelCase, nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<ClassifiedFile>))]
internal sealed partial class ClassifyJsonContext : JsonSerializerContext;
