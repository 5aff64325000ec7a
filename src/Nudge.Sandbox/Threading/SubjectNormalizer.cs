namespace Nudge.Sandbox.Threading;

/// <summary>Strips the reply and forward prefixes Gmail ignores when it compares subjects for threading.</summary>
internal static class SubjectNormalizer
{
    private static readonly string[] Prefixes = ["re:", "fwd:", "fw:", "aw:"];

    public static string Normalize(string? subject)
    {
        var text = (subject ?? "").Trim();
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var prefix in Prefixes)
            {
                if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    text = text[prefix.Length..].TrimStart();
                    stripped = true;
                }
            }
        }

        return text;
    }

    public static bool SameThreadSubject(string? left, string? right) =>
        string.Equals(Normalize(left), Normalize(right), StringComparison.OrdinalIgnoreCase);
}
