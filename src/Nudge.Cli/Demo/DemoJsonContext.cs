using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Cli.Demo;

/// <summary>Source-generated JSON for <c>nudge demo --json</c>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(DemoJson))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;

/// <summary>The JSON document <c>nudge demo --json</c> prints.</summary>
internal sealed record DemoJson(DemoReport Report, DemoTotals Totals);

/// <summary>The totals line, as JSON.</summary>
internal sealed record DemoTotals(int Leads, int MessagesSent, int Completed, int Replied, int Failed);
