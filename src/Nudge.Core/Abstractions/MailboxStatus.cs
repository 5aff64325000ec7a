namespace Nudge.Core.Abstractions;

/// <summary>Whether the worker uses a mailbox.</summary>
public enum MailboxStatus
{
    /// <summary>Sent from and read every cycle.</summary>
    Active = 0,

    /// <summary>
    /// Neither sent from nor read, typically because Google refused its sign-in; its enrollments wait, untouched, until
    /// it is resumed.
    /// </summary>
    Paused = 1,
}
