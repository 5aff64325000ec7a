using System.Text.Json.Serialization;

namespace Nudge.Storage;

/// <summary>
/// Source-generated JSON for <c>contacts.fields_json</c>. A JSON object keeps the fields in the order they were
/// given, and <see cref="Dictionary{TKey, TValue}"/> reads them back in that order. A string array is an import
/// batch's emails, passed to SQLite as one parameter.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
