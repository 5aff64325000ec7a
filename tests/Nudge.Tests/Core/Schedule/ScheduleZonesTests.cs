using Nudge.Core.Schedule;

namespace Nudge.Tests.Core.Schedule;

public sealed class ScheduleZonesTests
{
    [Fact]
    public void TryResolve_ContactZone_WinsOverSequenceAndMailbox()
    {
        ScheduleZones.TryResolve(new Dictionary<string, string> { ["timezone"] = "Europe/Paris" }, Zones.NewYork, Zones.Kolkata,
            out var zone, out _).ShouldBeTrue();

        zone.ShouldBe(Zones.Paris);
    }

    [Fact]
    public void TryResolve_NoContactZone_UsesSequenceThenMailbox()
    {
        ScheduleZones.TryResolve(new Dictionary<string, string>(), Zones.NewYork, Zones.Kolkata, out var zone, out _).ShouldBeTrue();
        zone.ShouldBe(Zones.NewYork);

        ScheduleZones.TryResolve(new Dictionary<string, string> { ["timezone"] = " " }, null, Zones.Kolkata, out zone, out _).ShouldBeTrue();
        zone.ShouldBe(Zones.Kolkata);
    }

    [Fact]
    public void TryResolve_UnknownContactZone_NamesFieldAndValue()
    {
        ScheduleZones.TryResolve(new Dictionary<string, string> { ["timezone"] = "Paris" }, null, Zones.Kolkata, out _, out var problem)
            .ShouldBeFalse();

        problem.ShouldStartWith("field 'timezone' is 'Paris', which is not a known IANA time zone");
    }
}
