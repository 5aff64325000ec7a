namespace Nudge.Core.Sequences;

/// <summary>The sequences the engine knows, by name.</summary>
public sealed class SequenceCatalog
{
    private readonly Dictionary<string, SequenceDefinition> _sequences = new(StringComparer.Ordinal);

    public SequenceCatalog(IEnumerable<SequenceDefinition> sequences)
    {
        foreach (var sequence in sequences)
        {
            if (!_sequences.TryAdd(sequence.Name, sequence))
            {
                throw new ArgumentException($"two sequences are named '{sequence.Name}'", nameof(sequences));
            }
        }
    }

    /// <summary>Every sequence, by name.</summary>
    public IReadOnlyList<SequenceDefinition> All => [.. _sequences.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The sequence with this name, or <see langword="null"/>.</summary>
    public SequenceDefinition? Find(string name) => _sequences.GetValueOrDefault(name);
}
