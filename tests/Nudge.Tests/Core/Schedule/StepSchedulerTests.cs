using Nudge.Core.Schedule;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;

namespace Nudge.Tests.Core.Schedule;

public sealed class StepSchedulerTests
{
    private static readonly MessageTemplate Opening = TemplateEngine.Parse("intro", "Hi", "Hello");
    private static readonly MessageTemplate Reply = TemplateEngine.Parse("bump", null, "Bump");
    private static readonly SendWindowRule Office = new(SendWindowRule.Weekdays, TimeSpan.FromHours(9), TimeSpan.FromHours(17));
    private static readonly Dictionary<string, string> NoFields = [];

    // Tuesday 2026-03-03 10:00 in New York.
    private static readonly DateTimeOffset Tuesday10 = Zones.Utc(2026, 3, 3, 15);

    [Fact]
    public void Next_AtEnrollment_SchedulesStepOneAfterItsWait()
    {
        var sequence = Sequence(new SequenceStep(1, Opening, new StepDelay(2, DelayUnit.Hours)));

        var result = StepScheduler.Next(sequence, 0, Tuesday10, Tuesday10, NoFields, Zones.NewYork);

        result.IsScheduled.ShouldBeTrue();
        (result.StepNumber, result.Due).ShouldBe((1, Tuesday10.AddHours(2)));
        result.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public void Next_BusinessDaysThenWindow_UsesContactZone()
    {
        // Friday 16:30 EST + 1 business day = Monday 16:30 EDT; the step window (10:00–12:00) moves it to Tuesday 10:00.
        var sequence = Sequence(
            new SequenceStep(1, Opening, StepDelay.Zero),
            new SequenceStep(2, Reply, new StepDelay(1, DelayUnit.BusinessDays),
                window: new SendWindowRule(SendWindowRule.Weekdays, TimeSpan.FromHours(10), TimeSpan.FromHours(12))));
        var sent = Zones.Utc(2026, 3, 6, 21, 30);

        var result = StepScheduler.Next(sequence, 1, sent, sent, new Dictionary<string, string> { ["timezone"] = "America/New_York" }, Zones.Paris);

        (result.StepNumber, result.Due).ShouldBe((2, Zones.Utc(2026, 3, 10, 14)));
    }

    [Fact]
    public void Next_SequenceWindow_AppliesToStepsWithoutOne()
    {
        var sequence = Sequence(new SequenceStep(1, Opening, new StepDelay(10, DelayUnit.Hours))) with { Window = Office };

        // 10:00 + 10 h = 20:00 Tuesday; next opening is Wednesday 09:00 EST.
        StepScheduler.Next(sequence, 0, Tuesday10, Tuesday10, NoFields, Zones.NewYork).Due.ShouldBe(Zones.Utc(2026, 3, 4, 14));
    }

    [Fact]
    public void Next_FalseCondition_SkipsStepWithReason()
    {
        var sequence = Sequence(
            new SequenceStep(1, Opening, StepDelay.Zero),
            new SequenceStep(2, Reply, new StepDelay(1, DelayUnit.Days), condition: StepCondition.Parse("plan == 'pro'")),
            new SequenceStep(3, Reply, new StepDelay(3, DelayUnit.Days)));

        var result = StepScheduler.Next(sequence, 1, Tuesday10, Tuesday10, new Dictionary<string, string> { ["plan"] = "free" }, Zones.NewYork);

        (result.StepNumber, result.Due).ShouldBe((3, Tuesday10.AddDays(3)));
        result.Skipped.ShouldBe([new SkippedStep(2, "when 'plan == 'pro'' is false")]);
    }

    [Fact]
    public void Next_NoStepLeft_IsCompletedWithSkips()
    {
        var sequence = Sequence(
            new SequenceStep(1, Opening, StepDelay.Zero),
            new SequenceStep(2, Reply, StepDelay.Zero, condition: StepCondition.Parse("plan == 'pro'")));

        var result = StepScheduler.Next(sequence, 1, Tuesday10, Tuesday10, NoFields, Zones.NewYork);

        result.Outcome.ShouldBe(ScheduleOutcome.Completed);
        result.Skipped.Select(s => s.StepNumber).ShouldBe([2]);
        StepScheduler.Next(sequence, 2, Tuesday10, Tuesday10, NoFields, Zones.NewYork).Outcome.ShouldBe(ScheduleOutcome.Completed);
    }

    [Fact]
    public void Next_FutureAnchor_IsDueAtAnchorInWindow()
    {
        // due_date 2026-03-20 (a Friday) − 1 day = Thursday 00:00 EDT; the office window opens at 09:00.
        var sequence = Sequence(AnchorStep(1, new StepDelay(-1, DelayUnit.Days))) with { Window = Office };

        var result = StepScheduler.Next(sequence, 0, Tuesday10, Tuesday10, Due("2026-03-20"), Zones.NewYork);

        (result.StepNumber, result.Due).ShouldBe((1, Zones.Utc(2026, 3, 19, 13)));
    }

    [Fact]
    public void Next_PastAnchorWithSend_SendsAtOnceInWindow()
    {
        var sequence = Sequence(AnchorStep(1, StepDelay.Zero)) with { Window = Office };
        var saturday = Zones.Utc(2026, 3, 7, 15);

        var result = StepScheduler.Next(sequence, 0, saturday, saturday, Due("2026-02-01"), Zones.NewYork);

        (result.StepNumber, result.Due).ShouldBe((1, Zones.Utc(2026, 3, 9, 13)));
    }

    [Fact]
    public void Next_PastAnchorWithSkip_SkipsIt()
    {
        var sequence = Sequence(AnchorStep(1, StepDelay.Zero, PastDueAction.Skip), new SequenceStep(2, Opening, new StepDelay(1, DelayUnit.Hours)));

        var result = StepScheduler.Next(sequence, 0, Tuesday10, Tuesday10, Due("2026-02-01"), Zones.NewYork);

        (result.StepNumber, result.Due).ShouldBe((2, Tuesday10.AddHours(1)));
        result.Skipped.Single().Reason.ShouldContain("if_past is skip");
    }

    [Fact]
    public void Next_SequenceIfPastSkip_AppliesWithoutStepOverride()
    {
        var sequence = Sequence(AnchorStep(1, StepDelay.Zero)) with { IfPast = PastDueAction.Skip };

        StepScheduler.Next(sequence, 0, Tuesday10, Tuesday10, Due("2026-02-01"), Zones.NewYork).Outcome.ShouldBe(ScheduleOutcome.Completed);
    }

    [Fact]
    public void Next_AnchorBeforePreviousSend_IsNotBeforeIt()
    {
        // The anchor (Tuesday 00:00) lies before the previous send and "now" lags behind the send: keep the order.
        var sequence = Sequence(new SequenceStep(1, Opening, StepDelay.Zero), AnchorStep(2, StepDelay.Zero));

        var result = StepScheduler.Next(sequence, 1, Tuesday10, Tuesday10.AddDays(-2), Due("2026-03-03"), Zones.NewYork);

        result.Due.ShouldBe(Tuesday10);
    }

    [Fact]
    public void Next_MissingAnchorField_IsProblemNamingField()
    {
        var sequence = Sequence(new SequenceStep(1, Opening, StepDelay.Zero), AnchorStep(2, StepDelay.Zero));

        var result = StepScheduler.Next(sequence, 1, Tuesday10, Tuesday10, NoFields, Zones.NewYork);

        result.Outcome.ShouldBe(ScheduleOutcome.Problem);
        result.StepNumber.ShouldBe(2);
        result.Problem.ShouldStartWith("step 2: field 'due_date' is missing or empty");
    }

    [Fact]
    public void Next_InvalidContactZone_IsProblemNamingValue()
    {
        var sequence = Sequence(new SequenceStep(1, Opening, StepDelay.Zero));

        var result = StepScheduler.Next(sequence, 0, Tuesday10, Tuesday10, new Dictionary<string, string> { ["timezone"] = "Nowhere/Land" },
            Zones.NewYork);

        result.Outcome.ShouldBe(ScheduleOutcome.Problem);
        result.Problem!.ShouldContain("'Nowhere/Land'");
    }

    [Fact]
    public void DelayForOutOfOffice_ReturnDate_IsThatMorningsOpening()
    {
        var sequence = Sequence(new SequenceStep(1, Opening, StepDelay.Zero), new SequenceStep(2, Reply, StepDelay.Zero)) with { Window = Office };

        StepScheduler.DelayForOutOfOffice(sequence, 2, Tuesday10, new DateOnly(2026, 3, 16), Zones.NewYork)
            .ShouldBe(Zones.Utc(2026, 3, 16, 13));
    }

    [Fact]
    public void DelayForOutOfOffice_NoReturnDate_WaitsOooDelay()
    {
        var sequence = Sequence(new SequenceStep(1, Opening, StepDelay.Zero), new SequenceStep(2, Reply, StepDelay.Zero));

        // Tuesday 10:00 + the default 3 business days = Friday 10:00.
        StepScheduler.DelayForOutOfOffice(sequence, 2, Tuesday10, null, Zones.NewYork).ShouldBe(Zones.Utc(2026, 3, 6, 15));
    }

    [Fact]
    public void DelayForOutOfOffice_ReturnDateInPast_IsNow()
    {
        var sequence = Sequence(new SequenceStep(1, Opening, StepDelay.Zero));

        StepScheduler.DelayForOutOfOffice(sequence, 2, Tuesday10, new DateOnly(2026, 1, 1), Zones.NewYork).ShouldBe(Tuesday10);
    }

    private static SequenceStep AnchorStep(int number, StepDelay offset, PastDueAction? ifPast = null) =>
        new(number, number == 1 ? Opening : Reply, StepDelay.Zero, anchor: new StepAnchor("due_date", offset), ifPast: ifPast);

    private static Dictionary<string, string> Due(string date) => new() { ["due_date"] = date };

    private static SequenceDefinition Sequence(params SequenceStep[] steps) => new("test", steps);
}
