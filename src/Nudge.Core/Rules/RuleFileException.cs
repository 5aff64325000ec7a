namespace Nudge.Core.Rules;

/// <summary>A rule file is invalid. The message names the file, the line and the field.</summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException()
    {
    }

    public RuleFileException(string message)
        : base(message)
    {
    }

    public RuleFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
