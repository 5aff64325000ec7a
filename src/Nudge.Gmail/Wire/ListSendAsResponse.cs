using Nudge.Core.GmailApi;

namespace Nudge.Gmail.Wire;

/// <summary>The answer of <c>settings.sendAs.list</c>.</summary>
internal sealed record ListSendAsResponse(IReadOnlyList<GmailSendAs>? SendAs);
