using System.Globalization;
using CsCheck;
using Nudge.Core.Schedule;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;

namespace Nudge.Tests.Core.Schedule;

/// <summary>
/// Properties of the schedule math over random zones, instants (half of them close to DST changes), windows, holidays
/// and sequences, checked with CsCheck.
/// </summary>
public sealed class SchedulePropertyTests
{
    // Windows open and close on quarter hours and every zone's offset is a whole number of quarter hours, so any stretch
    // of "inside" instants starts on a UTC quarter hour: checking those is checking every instant.
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    private static readonly MessageTemplate Opening = TemplateEngine.Parse("intro", "Hi", "Hello");
    private static readonly MessageTemplate Reply = TemplateEngine.Parse("bump", null, "Bump");

    [Fact]
    public void NextOpening_AnyInstant_ReturnsEarliestInstantInsideWindow()
    {
        var gen = ScheduleGen.ZonedInstant(Zones.All).SelectMany(zi =>
            Gen.Select(ScheduleGen.Window, ScheduleGen.HolidaysNear(zi.Instant, zi.Zone),
                (w, h) => (zi.Zone, zi.Instant, Window: w.WithHolidays(h))));

        gen.Sample(x =>
        {
            var result = x.Window.NextOpening(x.Instant, x.Zone);
            var where = $"{x.Window} from {ScheduleGen.Describe(x.Instant, x.Zone)} gave {ScheduleGen.Describe(result, x.Zone)}";

            result.Offset.ShouldBe(TimeSpan.Zero);
            result.ShouldBeGreaterThanOrEqualTo(x.Instant, where);
            x.Window.Contains(result, x.Zone).ShouldBeTrue(where);
            (result - x.Instant).ShouldBeLessThan(TimeSpan.FromDays(60), where);
            if (result != x.Instant)
            {
                x.Window.Contains(result.AddTicks(-1), x.Zone).ShouldBeFalse($"not an opening: {where}");
            }

            for (var q = NextQuarter(x.Instant); q < result; q += Quarter)
            {
                x.Window.Contains(q, x.Zone).ShouldBeFalse($"{ScheduleGen.Describe(q, x.Zone)} is inside and earlier: {where}");
            }
        }, iter: 300);
    }

    [Fact]
    public void NextOpening_AcrossDstChanges_LocalTimeIsWithinHours()
    {
        var gen = ScheduleGen.Zone(Zones.WithDst).SelectMany(zone =>
            Gen.Select(ScheduleGen.NearTransition(zone), ScheduleGen.Window, (instant, window) => (zone, instant, window)));

        gen.Sample(x =>
        {
            var result = x.window.NextOpening(x.instant, x.zone);
            var local = WallClock.ToWall(result, x.zone);
            var where = $"{x.window} from {ScheduleGen.Describe(x.instant, x.zone)} gave {ScheduleGen.Describe(result, x.zone)}";

            local.TimeOfDay.ShouldBeGreaterThanOrEqualTo(x.window.Opens, where);
            local.TimeOfDay.ShouldBeLessThan(x.window.Closes, where);
            x.window.Days.ShouldContain(local.DayOfWeek, where);
            result.ShouldBeGreaterThanOrEqualTo(x.instant, where);
        }, iter: 500);
    }

    [Fact]
    public void ToInstant_AnyLocalTime_MatchesTimeZoneInfoWithGapAndAmbiguityRule()
    {
        ScheduleGen.ZonedInstant(Zones.All).Sample(x =>
        {
            // A wall time near the zone's DST changes, on the quarter hour like real opening times.
            var wall = WallClock.ToWall(x.Instant, x.Zone);
            wall = new DateTime(wall.Ticks - (wall.Ticks % Quarter.Ticks));
            var result = WallClock.ToInstant(wall, x.Zone);
            var where = $"{wall:O} in {x.Zone.Id} gave {ScheduleGen.Describe(result, x.Zone)}";

            if (x.Zone.IsInvalidTime(wall))
            {
                // The first instant after the gap: the clock jumps there.
                WallClock.ToWall(result, x.Zone).ShouldBeGreaterThan(wall, where);
                WallClock.ToWall(result.AddTicks(-1), x.Zone).ShouldBeLessThan(wall, where);
            }
            else if (x.Zone.IsAmbiguousTime(wall))
            {
                result.ShouldBe(new DateTimeOffset(wall.Ticks - x.Zone.GetAmbiguousTimeOffsets(wall).Max().Ticks, TimeSpan.Zero), where);
            }
            else
            {
                result.ShouldBe(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wall, x.Zone), TimeSpan.Zero), where);
            }
        }, iter: 1000);
    }

    [Fact]
    public void AddBusinessDays_AnyCount_LandsOnBusinessDayAtSameLocalTimeAndGrowsWithCount()
    {
        var gen = ScheduleGen.ZonedInstant(Zones.All).SelectMany(zi =>
            Gen.Select(Gen.Int[0, 25], ScheduleGen.HolidaysNear(zi.Instant, zi.Zone), (n, h) => (zi.Zone, zi.Instant, N: n, Holidays: h)));

        gen.Sample(x =>
        {
            var result = BusinessDays.Add(x.Instant, x.N, x.Zone, x.Holidays);
            var next = BusinessDays.Add(x.Instant, x.N + 1, x.Zone, x.Holidays);
            var where = $"{ScheduleGen.Describe(x.Instant, x.Zone)} + {x.N} gave {ScheduleGen.Describe(result, x.Zone)}";

            next.ShouldBeGreaterThan(result, where);
            if (x.N == 0)
            {
                result.ShouldBe(x.Instant);
                return;
            }

            var start = WallClock.ToWall(x.Instant, x.Zone);
            var local = WallClock.ToWall(result, x.Zone);
            var date = DateOnly.FromDateTime(local);
            BusinessDays.IsBusinessDay(date, x.Holidays).ShouldBeTrue(where);
            CountBusinessDays(DateOnly.FromDateTime(start), date, x.Holidays).ShouldBe(x.N, where);

            var target = date.ToDateTime(TimeOnly.MinValue) + start.TimeOfDay;
            if (x.Zone.IsInvalidTime(target))
            {
                local.ShouldBeGreaterThan(target, where);
                x.Zone.GetUtcOffset(result.AddTicks(-1)).ShouldNotBe(x.Zone.GetUtcOffset(result), where);
            }
            else
            {
                local.ShouldBe(target, where);
            }
        }, iter: 500);
    }

    [Fact]
    public void Next_RandomSequences_StepsIncreaseAndNeverPrecedeTheirBase()
    {
        var stepGen = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 10], Gen.Enum<DelayUnit>(), ScheduleGen.Window.Null(0.5), Gen.Int[0, 3], Gen.Int[0, 2],
            Gen.Int[-40, 40]);
        var gen = Gen.Select(
            stepGen.Array[1, 6],
            ScheduleGen.ZonedInstant(Zones.All),
            Gen.OneOf("pro", "free", ""),
            Gen.Int[-60, 60],
            Gen.OneOf<string?>(null, "Europe/Paris", "Australia/Lord_Howe"),
            ScheduleGen.Window.Null(0.5),
            Gen.Int[0, 7200].Array[8],
            Gen.Int[-86_400, 86_400].Array[8]);

        gen.Sample((specs, zoned, plan, dueInDays, contactZone, sequenceWindow, latencies, skews) =>
        {
            var sequence = new SequenceDefinition("random", [.. specs.Select((s, i) => RandomStep(i + 1, s))])
            {
                Window = sequenceWindow,
                Holidays = new HashSet<DateOnly> { DateOnly.FromDateTime(zoned.Instant.UtcDateTime).AddDays(3) },
            };
            var fields = new Dictionary<string, string>
            {
                ["plan"] = plan,
                ["due_date"] = DateOnly.FromDateTime(zoned.Instant.UtcDateTime).AddDays(dueInDays)
                    .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            if (contactZone is not null)
            {
                fields["timezone"] = contactZone;
            }

            var zone = ScheduleZones.Find(contactZone) ?? zoned.Zone;
            var (last, baseTime) = (0, zoned.Instant);
            for (var round = 0; ; round++)
            {
                // "now" is skewed either way from the base, as a lagging or late worker would see it.
                var result = StepScheduler.Next(sequence, last, baseTime, baseTime.AddSeconds(skews[round]), fields, zoned.Zone);
                result.Outcome.ShouldNotBe(ScheduleOutcome.Problem, result.Problem);
                result.Skipped.Select(s => s.StepNumber).ShouldBe(result.Skipped.Select(s => s.StepNumber).Order(), "skips in order");
                result.Skipped.ShouldAllBe(s => s.StepNumber > last);
                if (!result.IsScheduled)
                {
                    break;
                }

                result.StepNumber.Value.ShouldBeGreaterThan(last);
                result.Skipped.ShouldAllBe(s => s.StepNumber < result.StepNumber.Value);
                result.Due.Value.ShouldBeGreaterThanOrEqualTo(baseTime);
                if ((sequence.Steps[result.StepNumber.Value - 1].Window ?? sequence.Window) is { } window)
                {
                    window.Contains(result.Due.Value, zone)
                        .ShouldBeTrue($"step {result.StepNumber} due {ScheduleGen.Describe(result.Due.Value, zone)}");
                }

                (last, baseTime) = (result.StepNumber.Value, result.Due.Value.AddSeconds(latencies[round]));
            }
        });
    }

    [Fact]
    public void Next_AnchorInPast_SkipSkipsAndSendSendsAtOnceInWindow()
    {
        var gen = Gen.Select(ScheduleGen.ZonedInstant(Zones.All), Gen.Int[1, 400], ScheduleGen.Window.Null(0.3), Gen.Enum<PastDueAction>(),
            Gen.Int[-3, 0]);

        gen.Sample((zoned, daysAgo, window, ifPast, offsetDays) =>
        {
            var now = zoned.Instant;
            var due = DateOnly.FromDateTime(WallClock.ToWall(now, zoned.Zone)).AddDays(-daysAgo);
            var sequence = new SequenceDefinition("past",
            [
                new SequenceStep(1, Opening, StepDelay.Zero,
                    anchor: new StepAnchor("due_date", new StepDelay(offsetDays, DelayUnit.Days)), ifPast: ifPast),
                new SequenceStep(2, Reply, new StepDelay(1, DelayUnit.Hours)),
            ])
            {
                Window = window,
            };
            var fields = new Dictionary<string, string> { ["due_date"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };

            var result = StepScheduler.Next(sequence, 0, now, now, fields, zoned.Zone);

            if (ifPast == PastDueAction.Skip)
            {
                result.Skipped.Select(s => s.StepNumber).ShouldBe([1]);
                result.StepNumber.ShouldBe(2);
            }
            else
            {
                result.Skipped.ShouldBeEmpty();
                result.StepNumber.ShouldBe(1);
                result.Due.ShouldBe(window?.NextOpening(now, zoned.Zone) ?? now);
                (window?.Contains(result.Due!.Value, zoned.Zone) ?? true).ShouldBeTrue();
            }
        });
    }

    // kind: 0 wait, 1 anchor, 2 wait with condition; condition: 0 none, 1 plan == 'pro', 2 plan != 'pro', 3 plan;
    // ifPast: 0 sequence default, 1 send, 2 skip.
    private static SequenceStep RandomStep(int number, (int Kind, int Amount, DelayUnit Unit, SendWindowRule? Window, int Condition, int IfPast,
        int AnchorDays) spec)
    {
        var condition = spec.Condition switch
        {
            1 => StepCondition.Parse("plan == 'pro'"),
            2 => StepCondition.Parse("plan != 'pro'"),
            3 => StepCondition.Parse("plan"),
            _ => null,
        };
        var template = number == 1 ? Opening : Reply;
        var ifPast = spec.IfPast switch { 1 => PastDueAction.Send, 2 => PastDueAction.Skip, _ => (PastDueAction?)null };
        var anchor = new StepAnchor("due_date", new StepDelay(spec.AnchorDays, DelayUnit.Days));
        return spec.Kind == 1
            ? new SequenceStep(number, template, StepDelay.Zero, anchor: anchor, window: spec.Window, condition: condition, ifPast: ifPast)
            : new SequenceStep(number, template, new StepDelay(spec.Amount, spec.Unit), window: spec.Window,
                condition: spec.Kind == 2 ? condition : null);
    }

    private static int CountBusinessDays(DateOnly after, DateOnly upTo, IReadOnlySet<DateOnly> holidays)
    {
        var count = 0;
        for (var d = after.AddDays(1); d <= upTo; d = d.AddDays(1))
        {
            count += BusinessDays.IsBusinessDay(d, holidays) ? 1 : 0;
        }

        return count;
    }

    private static DateTimeOffset NextQuarter(DateTimeOffset instant) =>
        new(((instant.UtcTicks / Quarter.Ticks) + 1) * Quarter.Ticks, TimeSpan.Zero);
}
