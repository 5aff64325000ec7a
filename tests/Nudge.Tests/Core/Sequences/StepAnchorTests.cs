using Nudge.Core.Schedule;
using Nudge.Core.Sequences;

namespace Nudge.Tests.Core.Sequences;

public sealed class StepAnchorTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly IReadOnlySet<DateOnly> NoHolidays = new HashSet<DateOnly>();

    [Fact]
    public void TryResolve_DateValue_IsLocalMidnightPlusOffset()
    {
        var anchor = new StepAnchor("due_date", new StepDelay(30, DelayUnit.Days));

        anchor.TryResolve(Fields("2026-01-15"), NewYork, NoHolidays, out var time, out _).ShouldBeTrue();

        time.ShouldBe(new DateTimeOffset(2026, 2, 14, 5, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void TryResolve_DaysAcrossDst_KeepsLocalMidnight()
    {
        var anchor = new StepAnchor("due_date", new StepDelay(10, DelayUnit.Days));

        anchor.TryResolve(Fields("2026-03-01"), NewYork, NoHolidays, out var time, out _).ShouldBeTrue();

        time.ShouldBe(new DateTimeOffset(2026, 3, 11, 4, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("2026-05-01T10:00:00Z", "2026-05-01T10:00:00+00:00")]
    [InlineData("2026-05-01T10:00:00+02:00", "2026-05-01T08:00:00+00:00")]
    [InlineData("2026-05-01T10:00", "2026-05-01T14:00:00+00:00")]
    [InlineData("2026-05-01 10:00:00", "2026-05-01T14:00:00+00:00")]
    public void TryResolve_DateTimeValue_IsThatInstantOrLocalTime(string value, string expected)
    {
        var anchor = new StepAnchor("due", StepDelay.Zero);

        anchor.TryResolve(new Dictionary<string, string> { ["due"] = value }, NewYork, NoHolidays, out var time, out _).ShouldBeTrue();

        time.ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        time.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void TryResolve_NegativeBusinessDays_MovesBack()
    {
        var anchor = new StepAnchor("due_date", new StepDelay(-2, DelayUnit.BusinessDays));

        // Monday 2026-03-02 minus 2 business days is Thursday 2026-02-26.
        anchor.TryResolve(Fields("2026-03-02"), NewYork, NoHolidays, out var time, out _).ShouldBeTrue();

        time.ShouldBe(new DateTimeOffset(2026, 2, 26, 5, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(null, "field 'due_date' is missing or empty")]
    [InlineData(" ", "field 'due_date' is missing or empty")]
    [InlineData("next week", "field 'due_date' is 'next week', which is not a date")]
    [InlineData("2026-02-30", "field 'due_date' is '2026-02-30', which is not a date")]
    public void TryResolve_BadValue_NamesFieldAndValue(string? value, string expected)
    {
        var anchor = new StepAnchor("due_date", StepDelay.Zero);
        var fields = value is null ? new Dictionary<string, string>() : Fields(value);

        anchor.TryResolve(fields, NewYork, NoHolidays, out _, out var problem).ShouldBeFalse();

        problem.ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("{{ due_date }} + 30 days", "{{ due_date }} + 30 days")]
    [InlineData("{{due_date}}-1 business day", "{{ due_date }} - 1 business day")]
    [InlineData(" {{ d }} ", "{{ d }}")]
    public void ToString_Parsed_ReadsBackNormalized(string text, string expected)
    {
        StepAnchor.TryParse(text, out var anchor).ShouldBeTrue();

        anchor.ToString().ShouldBe(expected);
    }

    private static Dictionary<string, string> Fields(string dueDate) => new() { ["due_date"] = dueDate };
}
