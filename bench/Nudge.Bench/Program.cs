using System.Diagnostics;
using System.Globalization;
using Nudge.Core.Messages;
using Nudge.Core.Templates;

// A first figure, one line per figure as "name: value unit": how fast one core turns a 3-field template into the
// complete sendable `raw` (render, Markdown to HTML, MIME with threading headers, base64url) for many contacts.
// The full suite (tick, import, e2e, quota, and the comparison with the seed way) is the benchmarks issue.
var contacts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var engine = new TemplateEngine(TimeProvider.System);
var template = TemplateFile.Parse("intro", "intro.liquid",
    "---\nsubject: A quicker way to follow up at {{ company }}\n---\nHi {{ first_name | default: \"there\" }},\n\n" +
    "I noticed **{{ company }}** answers a lot of email by hand, {{ role | default: \"friend\" }}.\n\nSam\n");

async Task<int> ComposeAsync(int count)
{
    var bytes = 0;
    for (var i = 0; i < count; i++)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["first_name"] = "Chloé" + i.ToString(CultureInfo.InvariantCulture),
            ["company"] = "Société n°" + i.ToString(CultureInfo.InvariantCulture),
            ["role"] = "Head of Ops",
        };
        var rendered = (await engine.RenderAsync(template, fields, CancellationToken.None)).Message!;
        var message = new OutgoingMessage("Sam", "sam@acme.example", fields["first_name"], $"lead{i}@example.com", rendered.Subject!, rendered,
            MessageComposer.NewMessageId("acme.example"), TimeProvider.System.GetUtcNow(), "<prev@mail.gmail.com>", ["<prev@mail.gmail.com>"],
            $"{i}.1");
        bytes += MessageComposer.ToRaw(MessageComposer.Compose(message)).Length;
    }

    return bytes;
}

await ComposeAsync(500); // warm-up: JIT and caches
var watch = Stopwatch.StartNew();
var total = await ComposeAsync(contacts);
watch.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compose: {contacts / watch.Elapsed.TotalSeconds:F0} messages/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compose_raw_size: {total / contacts} bytes/message"));
