namespace Nudge.Core.Unsubscribe;

/// <summary>
/// What a sequence mail says about leaving: the RFC 2369 <c>List-Unsubscribe</c> value, and whether it offers RFC 8058
/// one-click.
/// </summary>
/// <param name="Value">
/// The header's value: one or more URIs in angle brackets, comma-separated (<c>&lt;https://…&gt;, &lt;mailto:…&gt;</c>).
/// </param>
/// <param name="OneClick">
/// Whether <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> goes with it: only when <paramref name="Value"/> holds
/// an https URI that unsubscribes on a POST.
/// </param>
public sealed record ListUnsubscribeHeader(string Value, bool OneClick);
