using System.Globalization;
using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// Finds the day an out-of-office notice says its sender is back ("back on 12 January", "de retour le 5 janvier",
/// "zurück am 12.01.", "regreso el 3 de marzo"). A date is taken only right after a return phrase, so that the dates
/// a notice mentions for other reasons (the leave's first day, a deadline) are not read as the return.
/// </summary>
internal static partial class ReturnDateParser
{
    private const int Window = 60;
    private const int MaxLead = 40;

    /// <summary>Month names and abbreviations in English, French, German and Spanish, January first.</summary>
    private static readonly Dictionary<string, int> Months = Index(
    [
        "jan january janvier januar jänner enero ene", "feb february février fevrier févr februar febrero",
        "mar march mars märz maerz marzo", "apr april avril avr abril abr", "may mai mayo", "jun june juin juni junio",
        "jul july juillet juil juli julio", "aug august août aout agosto ago", "sep sept september septembre septiembre setiembre",
        "oct october octobre okt oktober octubre", "nov november novembre noviembre",
        "dec december décembre decembre déc dez dezember diciembre dic",
    ], first: 1);

    /// <summary>Weekday names in English, French, German and Spanish, Sunday first as in <see cref="DayOfWeek"/>.</summary>
    private static readonly Dictionary<string, int> Weekdays = Index(
    [
        "sunday dimanche sonntag domingo", "monday lundi montag lunes", "tuesday mardi dienstag martes",
        "wednesday mercredi mittwoch miércoles miercoles", "thursday jeudi donnerstag jueves", "friday vendredi freitag viernes",
        "saturday samedi samstag sábado sabado",
    ], first: 0);

    /// <summary>The return date stated in <paramref name="text"/>, or null.</summary>
    /// <param name="text">The subject and the sender's own text.</param>
    /// <param name="sent">The day the notice was sent: a date without a year is the next one on or after it.</param>
    public static DateOnly? Parse(string text, DateOnly? sent)
    {
        // "Back on" phrases say when; "until" phrases only bound the absence, so they are the fallback.
        foreach (var trigger in (Regex[])[ReturnTrigger(), UntilTrigger()])
        {
            foreach (Match m in trigger.Matches(text))
            {
                var end = Math.Min(text.Length, m.Index + m.Length + Window);
                if (FirstDate(text[(m.Index + m.Length)..end], sent) is { } date)
                    return date;
            }
        }

        // German puts the date first: "ab dem 12.01. bin ich wieder im Büro".
        foreach (Match m in GermanFrom().Matches(text))
        {
            if (FirstDate(m.Groups["date"].Value, sent) is { } date)
                return date;
        }

        return null;
    }

    private static DateOnly? FirstDate(string window, DateOnly? sent)
    {
        // A failed reading ("lunes 3" is no month and day) must not hide the one that follows ("3 de marzo").
        for (var m = DateExpression().Match(window); m.Success && m.Index <= MaxLead; m = DateExpression().Match(window, m.Index + 1))
        {
            if (ToDate(m, sent) is { } date)
                return date;
        }

        return Weekday().Match(window) is { Success: true } w && w.Index <= MaxLead && sent is { } day
               && Weekdays.TryGetValue(w.Value, out var weekday)
            ? NextWeekday(day, (DayOfWeek)weekday)
            : null;
    }

    private static DateOnly? ToDate(Match m, DateOnly? sent)
    {
        var g = m.Groups;
        if (g["iy"].Success)
            return Create(Int(g["iy"]), Int(g["im"]), Int(g["id"]));

        if (g["na"].Success)
        {
            var a = Int(g["na"]);
            var b = Int(g["nb"]);
            int? year = g["ny"].Success ? FullYear(Int(g["ny"])) : null;
            if (g["sep"].Value == "." || a > 12 || a == b)
                return Resolve(year, b, a, sent);
            if (b > 12)
                return Resolve(year, a, b, sent);

            // Ambiguous d/m or m/d: an out-of-office return is soon, so take the nearer future reading.
            var dayFirst = Resolve(year, b, a, sent);
            var monthFirst = Resolve(year, a, b, sent);
            return (dayFirst, monthFirst, sent) switch
            {
                ({ } d, { } md, { } s) => Math.Abs(d.DayNumber - s.DayNumber) <= Math.Abs(md.DayNumber - s.DayNumber) ? d : md,
                _ => dayFirst ?? monthFirst,
            };
        }

        var monthName = g["dm"].Success ? g["dm"].Value : g["md"].Value;
        if (!Months.TryGetValue(monthName.TrimEnd('.'), out var month))
            return null;
        var dayGroup = g["dm"].Success ? g["dd"] : g["mdd"];
        var yearGroup = g["dm"].Success ? g["dy"] : g["mdy"];
        return Resolve(yearGroup.Success ? FullYear(Int(yearGroup)) : null, month, Int(dayGroup), sent);
    }

    private static DateOnly? Resolve(int? year, int month, int day, DateOnly? sent)
    {
        if (year is { } y)
            return Create(y, month, day);
        if (sent is not { } s)
            return null;
        var candidate = Create(s.Year, month, day);
        return candidate is { } c && c < s ? Create(s.Year + 1, month, day) : candidate;
    }

    private static DateOnly? Create(int year, int month, int day) =>
        year is >= 1900 and <= 2200 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static DateOnly NextWeekday(DateOnly from, DayOfWeek weekday)
    {
        var days = ((int)weekday - (int)from.DayOfWeek + 7) % 7;
        return from.AddDays(days == 0 ? 7 : days);
    }

    private static Dictionary<string, int> Index(string[] names, int first)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i].Split(' '))
                index[name] = first + i;
        }

        return index;
    }

    private static int FullYear(int year) => year < 100 ? 2000 + year : year;

    // The date pattern matches ASCII digits only ([0-9], not \d), so this cannot throw.
    private static int Int(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex("""
        \b(?:back|return(?:ing|s)?|in\s+the\s+office\s+(?:again|on|from)|available\s+(?:again|on|from)|reachable\s+(?:again|on|from))\b
        | de\s+retour | retour\s+(?:le|au\s+bureau) | je\s+reviens | reviendrai | rentre(?:rai)?\b
        | zur[üu]ck | wieder\s+(?:im\s+b[üu]ro|erreichbar|da|am|ab)
        | de\s+regreso | de\s+vuelta | regres(?:o|ar[ée]|aremos)\b | volver[ée]\b | vuelvo\b | me\s+reincorporo | estar[ée]\s+de\s+nuevo
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ReturnTrigger();

    [GeneratedRegex("""
        \b(?:until|till|through|thru)\b | jusqu'?\s*(?:au|à|a)\b | \bbis\s+(?:zum|einschlie(?:ß|ss)lich|am)?\b | \bhasta(?:\s+el)?\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex UntilTrigger();

    [GeneratedRegex("""
        \bab\s+(?:dem\s+|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?\s+(?:dem\s+|den\s+)?)?
        (?<date>[^\n]{4,25}?)\s+(?:bin\s+ich\s+)?(?:wieder|zur[üu]ck)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex GermanFrom();

    /// <summary>ISO (2026-12-01), numeric (12.01., 12/1/2026), day-month (12 January, 3 de marzo) or month-day (March 3rd).</summary>
    [GeneratedRegex("""
        (?<![0-9.])(?<iy>[0-9]{4})-(?<im>[0-9]{1,2})-(?<id>[0-9]{1,2})(?![0-9])
        | (?<![0-9.:/])(?<na>[0-9]{1,2})(?<sep>[./])(?<nb>[0-9]{1,2})(?:\k<sep>(?<ny>[0-9]{4}|[0-9]{2})(?![0-9]))?(?![0-9/:]|\.[0-9])
        | (?<![0-9])(?<dd>[0-9]{1,2})(?:st|nd|rd|th|er|º|°|\.)?\s*(?:of\s+|de\s+)?(?<dm>\p{L}{3,10}\.?)(?:,?\s*(?:de\s+)?(?<dy>[0-9]{4}))?
        | (?<md>\p{L}{3,10}\.?)\s+(?<mdd>[0-9]{1,2})(?![0-9])(?:st|nd|rd|th)?(?:,?\s*(?<mdy>[0-9]{4}))?
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex DateExpression();

    [GeneratedRegex("""
        \b(?:monday | tuesday | wednesday | thursday | friday | saturday | sunday | lundi | mardi | mercredi | jeudi | vendredi | samedi
        | dimanche | montag | dienstag | mittwoch | donnerstag | freitag | samstag | sonntag | lunes | martes | miércoles | miercoles
        | jueves | viernes | sábado | sabado | domingo)\b
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Weekday();
}
