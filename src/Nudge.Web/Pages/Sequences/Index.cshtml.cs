using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Sequences;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Sequences;

/// <summary><c>/sequences</c>: the loaded sequences with their timing and how many contacts are in each state.</summary>
public sealed class IndexModel(SequenceLibrary library, IEngineStore store) : PageModel
{
    /// <summary>The sequences, by name.</summary>
    public IReadOnlyList<SequenceDefinition> Sequences { get; private set; } = [];

    /// <summary>Enrollments per sequence and state name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> States { get; private set; } =
        new Dictionary<string, IReadOnlyDictionary<string, int>>();

    /// <summary>Whether a new sequence can be added here.</summary>
    public bool CanAdd => library.CanAdd;

    /// <summary>Set by the redirect after a new sequence was saved.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Created { get; set; }

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sequences = library.All;
        States = (await store.CountEnrollmentsByStateAsync(cancellationToken))
            .GroupBy(c => c.SequenceName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key,
                g => (IReadOnlyDictionary<string, int>)g.GroupBy(c => c.State, StringComparer.Ordinal)
                    .ToDictionary(s => s.Key, s => s.Sum(c => c.Count), StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    /// <summary>How many enrollments of <paramref name="sequence"/> are in <paramref name="state"/>.</summary>
    public int Count(string sequence, string state) => States.GetValueOrDefault(sequence)?.GetValueOrDefault(state) ?? 0;

    /// <summary>How many enrollments <paramref name="sequence"/> has in all.</summary>
    public int Total(string sequence) => States.GetValueOrDefault(sequence)?.Values.Sum() ?? 0;
}
