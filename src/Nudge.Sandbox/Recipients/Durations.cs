using System.Globalization;
using System.Text;

namespace Nudge.Sandbox.Recipients;

/// <summary>Reads and writes the rules file's durations: <c>30m</c>, <c>26h</c>, <c>3d</c>, <c>1d12h</c>, <c>45s</c>, <c>0</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var value = (text ?? "").Trim();
        if (value == "0")
        {
            return true;
        }

        var position = 0;
        while (position < value.Length)
        {
            var start = position;
            while (position < value.Length && char.IsAsciiDigit(value[position]))
            {
                position++;
            }

            if (position == start || position == value.Length
                || !int.TryParse(value.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unit = char.ToLowerInvariant(value[position]) switch
            {
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero || amount > TimeSpan.MaxValue / unit / 2 || duration > TimeSpan.MaxValue / 2)
            {
                return false;
            }

            duration += unit * amount;
            position++;
        }

        return value.Length > 0;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0";
        }

        var text = new StringBuilder();
        Append(text, duration.Days, 'd');
        Append(text, duration.Hours, 'h');
        Append(text, duration.Minutes, 'm');
        Append(text, duration.Seconds, 's');
        return text.Length == 0 ? "0" : text.ToString();
    }

    private static void Append(StringBuilder text, int amount, char unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
