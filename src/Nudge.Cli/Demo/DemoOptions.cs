namespace Nudge.Cli.Demo;

/// <summary>Options of <c>nudge demo</c>.</summary>
internal sealed class DemoOptions
{
    /// <summary>Where to keep the database; a temporary folder, removed at the end, when not set.</summary>
    public string? Directory { get; init; }

    /// <summary>The folder holding <c>leads.csv</c>, <c>sequence.yaml</c> and <c>templates/</c>.</summary>
    /// <value>The default value is the bundled <c>Samples/demo</c>.</value>
    public string SamplesDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "Samples", "demo");

    /// <summary>The simulated instant the demo starts at.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Leads (by email) that answer, and how long after Nudge's first message.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Repliers { get; init; } =
        new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase) { ["chloe.dubois@example.fr"] = TimeSpan.FromHours(26) };
}
