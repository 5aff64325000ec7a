using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Web.Api;

/// <summary>The API's JSON, camelCase, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EnrollmentBody))]
[JsonSerializable(typeof(EnrollmentView))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
