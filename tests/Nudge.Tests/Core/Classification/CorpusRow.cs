using System.Text;

namespace Nudge.Tests.Core.Classification;

/// <summary>One line of the corpus labels.csv: <c>id,source_repo,source_path,license,category,expected</c>.</summary>
internal sealed record CorpusRow(string Id, string Category, IReadOnlyDictionary<string, string> Expected)
{
    public bool IsBounce => Category is "bounce_hard" or "bounce_soft";

    public bool IsContested => Expected.ContainsKey("contested");

    /// <summary>The failed addresses the source's own test names (flufl.bounce notes), lowercased; empty when it names none.</summary>
    public IReadOnlySet<string> FailedAddresses => Expected.TryGetValue("failed", out var failed)
        ? failed.Split('|').Select(a => a.Trim().ToLowerInvariant()).ToHashSet()
        : new HashSet<string>();

    /// <summary>
    /// The enhanced status codes the row's source expects, one per recipient; empty when it gives none or only an SMTP
    /// reply code (<c>447</c>) or a sisimai pseudo-code (<c>5.0.9xx</c>), which no notice carries.
    /// </summary>
    public IReadOnlySet<string> Statuses => Expected.TryGetValue("status", out var status)
        ? status.Split('|').Where(IsEnhancedStatus).ToHashSet()
        : new HashSet<string>();

    public static CorpusRow Parse(string line)
    {
        var cells = SplitCsv(line);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in cells[5].Split(';'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                expected.TryAdd(pair[..eq], pair[(eq + 1)..]);
        }

        return new CorpusRow(cells[0], cells[4], expected);
    }

    private static bool IsEnhancedStatus(string code)
    {
        var parts = code.Split('.');
        return parts.Length == 3 && parts[0] is "2" or "4" or "5" && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit))
            && !(parts[1] == "0" && parts[2].Length == 3 && parts[2][0] == '9');
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
