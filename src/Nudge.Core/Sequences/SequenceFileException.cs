namespace Nudge.Core.Sequences;

/// <summary>A sequence file is invalid. The message names the file, the line and the field.</summary>
public sealed class SequenceFileException : Exception
{
    public SequenceFileException()
    {
    }

    public SequenceFileException(string message)
        : base(message)
    {
    }

    public SequenceFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
