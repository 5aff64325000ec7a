namespace Nudge.Bench;

/// <summary>What a suite runs with: the size, a scratch folder, the PostgreSQL server if any, and where figures go.</summary>
public sealed class BenchContext
{
    private readonly List<BenchFigure> _figures = [];
    private readonly TextWriter _output;

    /// <summary>Creates a context.</summary>
    /// <param name="size">How big the runs are.</param>
    /// <param name="scratch">A folder the suite may fill (deleted by the caller).</param>
    /// <param name="postgres">A PostgreSQL connection string, or <see langword="null"/> to skip PostgreSQL figures.</param>
    /// <param name="output">Where figure lines are printed.</param>
    public BenchContext(BenchSize size, string scratch, string? postgres, TextWriter output)
    {
        Size = size;
        Scratch = scratch;
        Postgres = postgres;
        _output = output;
    }

    /// <summary>How big the runs are.</summary>
    public BenchSize Size { get; }

    /// <summary>A folder the suite may fill.</summary>
    public string Scratch { get; }

    /// <summary>A PostgreSQL connection string (a database the suite may empty), or <see langword="null"/>.</summary>
    public string? Postgres { get; }

    /// <summary>The figures reported so far, in order.</summary>
    public IReadOnlyList<BenchFigure> Figures => _figures;

    /// <summary><paramref name="full"/> for a full run, <paramref name="tiny"/> for the smoke run.</summary>
    public int Pick(int full, int tiny) => Size == BenchSize.Full ? full : tiny;

    /// <summary>Reports a figure: printed at once as <c>name: value unit</c>.</summary>
    public void Report(BenchFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        _figures.Add(figure);
        _output.WriteLine(figure.ToString());
        _output.Flush();
    }

    /// <summary>Reports a figure without a target.</summary>
    public void Report(string name, double value, string unit) => Report(new BenchFigure(name, value, unit));

    /// <summary>Prints a note (not a figure), prefixed with <c>#</c> so that figure parsers skip it.</summary>
    public void Note(string text)
    {
        _output.WriteLine("# " + text);
        _output.Flush();
    }
}
