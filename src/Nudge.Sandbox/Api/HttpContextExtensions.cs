using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Api;

/// <summary>Request helpers shared by the endpoint groups.</summary>
internal static class HttpContextExtensions
{
    public const int DefaultMaxResults = 100;
    public const int MaxMaxResults = 500;

    /// <summary>Gets the mailbox <see cref="GmailAuthFilter"/> resolved for this request.</summary>
    public static MailboxState Mailbox(this HttpContext context) =>
        context.Items[typeof(MailboxState)] as MailboxState
        ?? throw new InvalidOperationException("The Gmail auth filter did not run for this endpoint.");

    public static string? Query(this HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Gets a repeated query parameter (<c>?a=1&amp;a=2</c>); Google also accepts comma-free repeats only.</summary>
    public static IReadOnlyList<string> QueryAll(this HttpContext context, string name) =>
        context.Request.Query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();

    /// <summary>Parses <c>maxResults</c>: default 100, capped at 500; null when it is not a uint32.</summary>
    public static int? MaxResults(this HttpContext context)
    {
        if (context.Query("maxResults") is not { } text)
        {
            return DefaultMaxResults;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return value == 0 ? DefaultMaxResults : (int)Math.Min(value, MaxMaxResults);
    }

    /// <summary>Parses a boolean query parameter as Google does ("true"/"false", case-insensitive).</summary>
    public static bool Flag(this HttpContext context, string name) =>
        bool.TryParse(context.Query(name), out var value) && value;
}
