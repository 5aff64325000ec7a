using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Web.Api;

/// <summary>The API's JSON, camelCase, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(EnrollmentBody))]
[JsonSerializable(typeof(EnrollmentView))]
[JsonSerializable(typeof(ApiPage<EnrollmentView>))]
[JsonSerializable(typeof(ContactBody))]
[JsonSerializable(typeof(ContactView))]
[JsonSerializable(typeof(ApiPage<ContactView>))]
[JsonSerializable(typeof(BulkContactsBody))]
[JsonSerializable(typeof(BulkContactsResult))]
[JsonSerializable(typeof(List<SequenceView>))]
[JsonSerializable(typeof(SequenceValidationBody))]
[JsonSerializable(typeof(SequenceValidation))]
[JsonSerializable(typeof(SuppressionBody))]
[JsonSerializable(typeof(SuppressionView))]
[JsonSerializable(typeof(List<SuppressionView>))]
[JsonSerializable(typeof(StatsView))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(WebhookView))]
[JsonSerializable(typeof(List<WebhookView>))]
[JsonSerializable(typeof(WebhookCreatedView))]
[JsonSerializable(typeof(List<WebhookDeliveryView>))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
