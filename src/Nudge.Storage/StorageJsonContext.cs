using System.Text.Json.Serialization;

namespace Nudge.Storage;

/// <summary>
/// Source-generated JSON for <c>contacts.fields_json</c>. A JSON object keeps the fields in the order they were
/// given, and <see cref="Dictionary{TKey, TValue}"/> reads them back in that order.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
