namespace Nudge.Core.Templates;

/// <summary>A template file could not be read or parsed; the message names the file (or template) and the line.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
