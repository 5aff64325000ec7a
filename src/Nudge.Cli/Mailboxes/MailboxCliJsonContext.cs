using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nudge.Cli.Mailboxes;

/// <summary>Source-generated JSON for <c>nudge mailbox list --json</c>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(List<MailboxListItem>))]
internal sealed partial class MailboxCliJsonContext : JsonSerializerContext;
