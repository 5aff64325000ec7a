namespace Nudge.Core.Rules;

/// <summary>
/// Case-insensitive glob matching of a whole value: <c>*</c> is any run of characters (none included), <c>?</c> one character.
/// </summary>
/// <remarks>
/// Matched by hand rather than through a Regex so that a pattern from a rule file costs at most
/// pattern × value steps: no backtracking blow-up and no timeout to handle.
/// </remarks>
internal static class Glob
{
    public static bool IsMatch(string pattern, string value)
    {
        var p = pattern.ToUpperInvariant();
        var v = value.ToUpperInvariant();
        int pi = 0, vi = 0, star = -1, resume = 0;
        while (vi < v.Length)
        {
            if (pi < p.Length && (p[pi] == '?' || (p[pi] != '*' && p[pi] == v[vi])))
            {
                pi++;
                vi++;
            }
            else if (pi < p.Length && p[pi] == '*')
            {
                // Let the star match nothing first; on a later mismatch it takes one more character.
                star = pi++;
                resume = vi;
            }
            else if (star >= 0)
            {
                pi = star + 1;
                vi = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (pi < p.Length && p[pi] == '*')
        {
            pi++;
        }

        return pi == p.Length;
    }
}
