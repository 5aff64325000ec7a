using Nudge.Core.Messages;
using Nudge.Core.Templates;

namespace Nudge.Tests.Support;

/// <summary>Throwaway values for tests (Serilog's object mother): only what a test states matters.</summary>
internal static class Some
{
    private static int _next;

    public static string Email() => $"lead{Interlocked.Increment(ref _next)}@example.com";

    public static OutgoingMessage Outgoing(string? toName = "Ana", string subject = "Hello", string text = "Hello", string? inReplyTo = null,
        IReadOnlyList<string>? references = null) =>
        new("Sam", "sam@acme.example", toName, Email(), subject, new RenderedMessage(subject, text, "<p>" + text + "</p>"),
            MessageComposer.NewMessageId("sam@acme.example"), new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), inReplyTo,
            references ?? [], "1.1");
}
