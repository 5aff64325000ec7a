namespace Nudge.Tests.Core.Schedule;

/// <summary>The zones the schedule tests use, chosen for their DST rules.</summary>
internal static class Zones
{
    /// <summary>US rules: 02:00 → 03:00 on the second Sunday of March, 02:00 → 01:00 on the first Sunday of November.</summary>
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>EU rules: 02:00 → 03:00 and 03:00 → 02:00 on the last Sundays of March and October.</summary>
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>A 30-minute DST shift: +10:30 in winter, +11:00 in summer (02:00 → 02:30 in October).</summary>
    public static readonly TimeZoneInfo LordHowe = TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe");

    /// <summary>No DST, a half-hour offset.</summary>
    public static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    /// <summary>DST changed at midnight until 2019, so whole local days began in a gap.</summary>
    public static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    /// <summary>A 45-minute offset with DST.</summary>
    public static readonly TimeZoneInfo Chatham = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Chatham");

    public static readonly TimeZoneInfo[] WithDst = [NewYork, Paris, LordHowe];

    public static readonly TimeZoneInfo[] All = [NewYork, Paris, LordHowe, Kolkata, SaoPaulo, Chatham, TimeZoneInfo.Utc];

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
