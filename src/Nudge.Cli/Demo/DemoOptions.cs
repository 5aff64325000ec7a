namespace Nudge.Cli.Demo;

/// <summary>Options of <c>nudge demo</c>.</summary>
internal sealed class DemoOptions
{
    /// <summary>Where to keep the database; a temporary folder, removed at the end, when not set.</summary>
    public string? Directory { get; init; }

    /// <summary>
    /// The folder holding <c>leads.csv</c>, <c>sequence.yaml</c>, <c>templates/</c> and <c>recipients.json</c> (how the
    /// sandbox's recipients answer: who replies, and when).
    /// </summary>
    /// <value>The default value is the bundled <c>Samples/demo</c>.</value>
    public string SamplesDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "Samples", "demo");

    /// <summary>The simulated instant the demo starts at.</summary>
    public DateTimeOffset? Start { get; init; }
}
