using System.Text.Json;
using System.Text.Json.Serialization;
using Nudge.Core.Planning;

namespace Nudge.Cli.Planning;

/// <summary>Source-generated JSON for <c>nudge plan --json</c> (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(PlanJson))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;

/// <summary>The JSON document <c>nudge plan --json</c> prints.</summary>
internal sealed record PlanJson(
    DateTimeOffset From,
    DateTimeOffset Until,
    IReadOnlyList<PlannedSend> Sends,
    IReadOnlyList<PlanProblem> Problems,
    IReadOnlyList<MailboxDay> MailboxDays);
