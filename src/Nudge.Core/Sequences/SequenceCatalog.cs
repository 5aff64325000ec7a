using System.Collections.Frozen;

namespace Nudge.Core.Sequences;

/// <summary>The sequences the engine knows, by name.</summary>
/// <remarks>
/// One catalog is shared by the worker, the enroller, the API and the dashboard of a process, so that a sequence saved
/// in the dashboard (<see cref="Replace"/>) is the one the next worker cycle schedules with. Readers see either the
/// whole old set or the whole new one, never a mix.
/// </remarks>
public sealed class SequenceCatalog
{
    private volatile FrozenDictionary<string, SequenceDefinition> _sequences;

    /// <summary>Creates a catalog of <paramref name="sequences"/>.</summary>
    /// <exception cref="ArgumentException">Two sequences have the same name.</exception>
    public SequenceCatalog(IEnumerable<SequenceDefinition> sequences) => _sequences = ByName(sequences);

    /// <summary>Every sequence, by name.</summary>
    public IReadOnlyList<SequenceDefinition> All => [.. _sequences.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The sequence with this name, or <see langword="null"/>.</summary>
    public SequenceDefinition? Find(string name) => _sequences.GetValueOrDefault(name);

    /// <summary>Replaces every sequence at once (after the files were edited and loaded again).</summary>
    /// <exception cref="ArgumentException">Two sequences have the same name; the catalog is left as it was.</exception>
    public void Replace(IEnumerable<SequenceDefinition> sequences) => _sequences = ByName(sequences);

    private static FrozenDictionary<string, SequenceDefinition> ByName(IEnumerable<SequenceDefinition> sequences)
    {
        var byName = new Dictionary<string, SequenceDefinition>(StringComparer.Ordinal);
        foreach (var sequence in sequences)
        {
            if (!byName.TryAdd(sequence.Name, sequence))
            {
                throw new ArgumentException($"two sequences are named '{sequence.Name}'", nameof(sequences));
            }
        }

        return byName.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
