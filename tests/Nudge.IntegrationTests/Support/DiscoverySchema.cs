using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// Checks a JSON response against a schema of Gmail's discovery document (TestData/gmail.v1.discovery.json): every
/// field is declared (following <c>$ref</c> and <c>items</c>), int64/uint64 fields are strings of digits, integers
/// are numbers, <c>format: byte</c> is base64url, booleans are booleans, and arrays are never empty (Google omits
/// them instead).
/// </summary>
internal sealed partial class DiscoverySchema
{
    private static readonly Lazy<DiscoverySchema> Shared = new(Load);
    private readonly JsonElement _schemas;

    private DiscoverySchema(JsonElement schemas) => _schemas = schemas;

    public static DiscoverySchema Gmail => Shared.Value;

    /// <summary>Returns every violation found, as "path: problem"; empty when the value conforms.</summary>
    public IReadOnlyList<string> Validate(JsonElement value, string schemaName)
    {
        var problems = new List<string>();
        Check(value, Ref(schemaName), schemaName, problems);
        return problems;
    }

    private static DiscoverySchema Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "gmail.v1.discovery.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new DiscoverySchema(document.RootElement.GetProperty("schemas").Clone());
    }

    private JsonElement Ref(string name) =>
        _schemas.TryGetProperty(name, out var schema) ? schema : throw new ArgumentException($"No schema '{name}'.", nameof(name));

    private void Check(JsonElement value, JsonElement schema, string path, List<string> problems)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(value, Ref(reference.GetString()!), path, problems);
            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : "any";
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "object":
                CheckObject(value, schema, path, problems);
                break;
            case "array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"{path}: expected an array, got {value.ValueKind}");
                    break;
                }

                if (value.GetArrayLength() == 0)
                {
                    problems.Add($"{path}: empty array (Google omits empty arrays)");
                }

                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, schema.GetProperty("items"), $"{path}[{index++}]", problems);
                }

                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{path}: expected a string{(format is null ? "" : $" ({format})")}, got {value.ValueKind}");
                }
                else if (format is "int64" or "uint64" && !Digits().IsMatch(value.GetString()!))
                {
                    problems.Add($"{path}: {format} string '{value.GetString()}' is not a number");
                }
                else if (format == "byte" && !Base64Url().IsMatch(value.GetString()!))
                {
                    problems.Add($"{path}: byte string is not base64url");
                }

                break;
            case "integer" or "number":
                if (value.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"{path}: expected a number ({format}), got {value.ValueKind}");
                }

                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: expected a boolean, got {value.ValueKind}");
                }

                break;
            default:
                break;
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object, got {value.ValueKind}");
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(property.Name, out var declared))
            {
                Check(property.Value, declared, $"{path}.{property.Name}", problems);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                Check(property.Value, additional, $"{path}.{property.Name}", problems);
            }
            else
            {
                problems.Add($"{path}.{property.Name}: not a field of the schema");
            }
        }
    }

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex Digits();

    [GeneratedRegex("^[A-Za-z0-9_-]*={0,2}$")]
    private static partial Regex Base64Url();
}
