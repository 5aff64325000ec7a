using System.Text.Json.Serialization;

namespace Nudge.Sandbox.Errors;

/// <summary>A <c>google.rpc.ErrorInfo</c> entry of <c>error.details</c>.</summary>
internal sealed record GoogleErrorDetail(
    [property: JsonPropertyName("@type")] string Type,
    string Reason,
    string Domain,
    IReadOnlyDictionary<string, string> Metadata);
