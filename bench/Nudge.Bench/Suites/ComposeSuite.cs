using System.Diagnostics;
using System.Globalization;
using Nudge.Core.Messages;
using Nudge.Core.Templates;

namespace Nudge.Bench.Suites;

/// <summary>
/// <c>compose</c>: how fast one core turns a 3-field template into the complete sendable <c>raw</c> (render, Markdown to
/// HTML, MIME with text and HTML, threading headers, base64url) for many contacts; and the same contacts done the seed
/// way (<c>bench/seed/compose_seed.py</c>: Python's <c>email</c> package, plain text only) in the same run, with the ratio.
/// </summary>
public sealed class ComposeSuite : IBenchSuite
{
    /// <summary>The target: Nudge composes at least this many times as fast as the seed way, per core.</summary>
    public const double TargetRatio = 15;

    private const string SeedScript = "compose_seed.py";

    /// <inheritdoc/>
    public string Name => "compose";

    /// <inheritdoc/>
    public string Description =>
        "Messages per second on one core to render a 3-field Liquid template and build the complete sendable `raw` " +
        "(MIME with text and HTML, threading headers, base64url); Nudge's loop is single-threaded (one message after the " +
        "other, no parallelism), so its figure is one core's. `compose_seed` is the same contacts done the seed way, as " +
        "in Google's Gmail API Python sample: `bench/seed/compose_seed.py` (Python's `email` package, `MIMEText` + " +
        "`Header` + `base64.urlsafe_b64encode`, plain text only, fields filled in with `str.format`; also one process, " +
        "one thread), run by `python3` on the same machine in the same run. `compose_ratio` is Nudge's figure over the seed's.";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contacts = context.Pick(20_000, 50);
        var warmUp = context.Pick(500, 5);
        var engine = new TemplateEngine(TimeProvider.System);
        var template = TemplateFile.Parse("intro", "intro.liquid",
            "---\nsubject: A quicker way to follow up at {{ company }}\n---\nHi {{ first_name | default: \"there\" }},\n\n" +
            "I noticed **{{ company }}** answers a lot of email by hand, {{ role | default: \"friend\" }}.\n\nSam\n");

        await ComposeAsync(engine, template, warmUp, cancellationToken); // warm-up: JIT and caches
        var watch = Stopwatch.StartNew();
        var bytes = await ComposeAsync(engine, template, contacts, cancellationToken);
        watch.Stop();
        var nudge = contacts / watch.Elapsed.TotalSeconds;
        context.Report("compose", nudge, "messages/s");
        context.Report("compose_raw_size", bytes / (double)contacts, "bytes/message");

        var seed = await RunSeedAsync(context, contacts, warmUp, cancellationToken);
        if (seed is not { } seedRate)
        {
            return;
        }

        context.Report("compose_seed", seedRate, "messages/s");
        var ratio = nudge / seedRate;
        context.Report(new BenchFigure("compose_ratio", ratio, "x",
            string.Create(CultureInfo.InvariantCulture, $"≥ {TargetRatio}× the seed way per core"), ratio >= TargetRatio));
    }

    private static async Task<long> ComposeAsync(TemplateEngine engine, MessageTemplate template, int count, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
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

    /// <summary>
    /// Runs the seed script with <c>python3</c> and reads its <c>compose_seed:</c> line; <see langword="null"/> (with a
    /// note) when there is no Python or no script, since the seed figure is a comparison, not Nudge's own.
    /// </summary>
    private static async Task<double?> RunSeedAsync(BenchContext context, int contacts, int warmUp, CancellationToken cancellationToken)
    {
        if (FindSeedScript() is not { } script)
        {
            context.Note($"compose_seed skipped: bench/seed/{SeedScript} not found");
            return null;
        }

        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[script, contacts.ToString(CultureInfo.InvariantCulture), warmUp.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            context.Note("compose_seed skipped: python3 cannot be started (" + ex.Message + ")");
            return null;
        }

        if (process is null)
        {
            context.Note("compose_seed skipped: python3 did not start");
            return null;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            foreach (var line in (await output).Split('\n'))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (process.ExitCode == 0 && parts is ["compose_seed:", var value, ..]
                    && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0)
                {
                    return rate;
                }
            }

            context.Note($"compose_seed skipped: python3 exited with {process.ExitCode}: {(await error).Trim()}");
            return null;
        }
    }

    // The script is copied next to the bench's assembly (Nudge.Bench.csproj); the source tree is the fallback.
    private static string? FindSeedScript()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "seed", SeedScript);
        if (File.Exists(copied))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "seed", SeedScript);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
