using System.Globalization;
using Nudge.Bench;

// nudge-bench --list | [--tiny] [--write docs/BENCHMARKS.md] [--postgres CONNECTION] [suite…]
// Prints one figure per line as "name: value unit" (notes start with '#'); with --write, replaces each suite's section
// of the file. bench/run.sh runs each suite in a process of its own, so that peak memory figures are the suite's own.
var size = BenchSize.Full;
string? write = null;
var postgres = Environment.GetEnvironmentVariable("NUDGE_BENCH_POSTGRES");
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--list":
            foreach (var suite in BenchSuites.All)
            {
                Console.WriteLine(suite.Name);
            }

            return 0;
        case "--tiny":
            size = BenchSize.Tiny;
            break;
        case "--write" when i + 1 < args.Length:
            write = args[++i];
            break;
        case "--postgres" when i + 1 < args.Length:
            postgres = args[++i];
            break;
        case var name when !name.StartsWith('-'):
            names.Add(name);
            break;
        default:
            await Console.Error.WriteLineAsync($"nudge-bench: unknown option '{args[i]}'");
            return 2;
    }
}

var suites = new List<IBenchSuite>();
foreach (var name in names.Count == 0 ? BenchSuites.All.Select(s => s.Name) : names)
{
    if (BenchSuites.Find(name) is not { } suite)
    {
        await Console.Error.WriteLineAsync(
            $"nudge-bench: no suite '{name}' (suites: {string.Join(", ", BenchSuites.All.Select(s => s.Name))})");
        return 2;
    }

    suites.Add(suite);
}

foreach (var suite in suites)
{
    var scratch = Directory.CreateTempSubdirectory("nudge-bench-").FullName;
    try
    {
        var context = new BenchContext(size, scratch, string.IsNullOrEmpty(postgres) ? null : postgres, Console.Out);
        context.Note(string.Create(CultureInfo.InvariantCulture, $"{suite.Name}: {suite.Description}"));
        await suite.RunAsync(context, CancellationToken.None);
        if (write is not null)
        {
            await BenchmarksFile.WriteSectionAsync(write, suite, context.Figures, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }
    }
    finally
    {
        Directory.Delete(scratch, recursive: true);
    }
}

return 0;
