namespace Nudge.Sandbox.Api;

/// <summary>The <c>format</c> query parameter of messages.get and threads.get.</summary>
internal enum MessageFormat
{
    Minimal,
    Full,
    Raw,
    Metadata,
}
