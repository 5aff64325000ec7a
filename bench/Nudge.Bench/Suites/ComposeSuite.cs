using System.Diagnostics;
using Nudge.Core.Messages;
using Nudge.Core.Templates;

namespace Nudge.Bench.Suites;

/// <summary>
/// <c>compose</c>: how fast one core turns a 3-field template into the complete sendable <c>raw</c> (render, Markdown to
/// HTML, MIME with text and HTML, threading headers, base64url) for many contacts.
/// </summary>
public sealed class ComposeSuite : IBenchSuite
{
    /// <inheritdoc/>
    public string Name => "compose";

    /// <inheritdoc/>
    public string Description =>
        "Messages per second on one core to render a 3-field Liquid template and build the complete sendable `raw` " +
        "(MIME with text and HTML, threading headers, base64url).";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contacts = context.Pick(20_000, 50);
        var engine = new TemplateEngine(TimeProvider.System);
        var template = TemplateFile.Parse("intro", "intro.liquid",
            "---\nsubject: A quicker way to follow up at {{ company }}\n---\nHi {{ first_name | default: \"there\" }},\n\n" +
            "I noticed **{{ company }}** answers a lot of email by hand, {{ role | default: \"friend\" }}.\n\nSam\n");

        await ComposeAsync(engine, template, context.Pick(500, 5), cancellationToken); // warm-up: JIT and caches
        var watch = Stopwatch.StartNew();
        var bytes = await ComposeAsync(engine, template, contacts, cancellationToken);
        watch.Stop();
        context.Report("compose", contacts / watch.Elapsed.TotalSeconds, "messages/s");
        context.Report("compose_raw_size", bytes / (double)contacts, "bytes/message");
    }

    private static async Task<long> ComposeAsync(TemplateEngine engine, MessageTemplate template, int count, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["first_name"] = "Chloé" + index,
                ["company"] = "Société n°" + index,
                ["role"] = "Head of Ops",
            };
            var rendered = (await engine.RenderAsync(template, fields, cancellationToken)).Message!;
            var message = new OutgoingMessage("Sam", "sam@acme.example", fields["first_name"], $"lead{index}@example.com", rendered.Subject!,
                rendered, MessageComposer.NewMessageId("acme.example"), now, "<prev@mail.gmail.com>", ["<prev@mail.gmail.com>"], index + ".1");
            bytes += MessageComposer.ToRaw(MessageComposer.Compose(message)).Length;
        }

        return bytes;
    }
}
