namespace Nudge.Bench;

/// <summary>One measured figure, printed as <c>name: value unit</c>.</summary>
/// <param name="Name">The figure's name, such as <c>compose</c> or <c>tick_sqlite_1000000</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">The unit, such as <c>messages/s</c>.</param>
/// <param name="Target">The target it must reach, in words (<c>≥ 15× the seed way</c>), if it has one.</param>
/// <param name="Met">Whether the target is met, when there is one.</param>
public sealed record BenchFigure(string Name, double Value, string Unit, string? Target = null, bool? Met = null)
{
    /// <summary>The line printed: <c>name: value unit</c>, and the target's verdict after it.</summary>
    public override string ToString()
    {
        var value = Value == Math.Floor(Value) && Math.Abs(Value) < 1e15
            ? Value.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)
            : Value.ToString(Math.Abs(Value) >= 100 ? "F0" : Math.Abs(Value) >= 1 ? "F2" : "G3", System.Globalization.CultureInfo.InvariantCulture);
        var verdict = Target is null ? "" : $"   (target {Target}: {(Met == true ? "met" : "NOT met")})";
        return $"{Name}: {value} {Unit}{verdict}";
    }
}
