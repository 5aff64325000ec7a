using System.Text.Json;
using System.Text.Json.Serialization;
using Nudge.Core.GmailApi;

namespace Nudge.Gmail.Wire;

/// <summary>Source-generated JSON for the Gmail wire shapes (camelCase, nulls omitted, int64 ids as strings).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GmailMessage))]
[JsonSerializable(typeof(GmailThread))]
[JsonSerializable(typeof(GmailThreadList))]
[JsonSerializable(typeof(GmailProfile))]
[JsonSerializable(typeof(GmailMessageList))]
[JsonSerializable(typeof(GmailHistoryList))]
[JsonSerializable(typeof(GmailDraft))]
[JsonSerializable(typeof(GmailDraftList))]
[JsonSerializable(typeof(GmailLabel))]
[JsonSerializable(typeof(GmailWatchResponse))]
[JsonSerializable(typeof(ListLabelsResponse))]
[JsonSerializable(typeof(ListSendAsResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(DraftRequest))]
[JsonSerializable(typeof(ModifyMessageRequest))]
[JsonSerializable(typeof(CreateLabelRequest))]
[JsonSerializable(typeof(WatchRequest))]
[JsonSerializable(typeof(UploadMetadata))]
[JsonSerializable(typeof(GoogleErrorResponse))]
internal sealed partial class GmailJsonContext : JsonSerializerContext;
