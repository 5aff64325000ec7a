namespace Nudge.Core.Quota;

/// <summary>
/// A mailbox's API units are spent for now: the work that needed them stops and is done again after
/// <see cref="NotBefore"/> (the worker skips the mailbox's history read this cycle; the checkpoint stays, so nothing is
/// lost). Thrown before any request, so nothing reached Gmail.
/// </summary>
public sealed class QuotaUnavailableException : Exception
{
    public QuotaUnavailableException(string email, DateTimeOffset notBefore)
        : base($"the API units of {email} are spent until {notBefore:O}")
    {
        NotBefore = notBefore;
    }

    public QuotaUnavailableException()
        : this("a mailbox", DateTimeOffset.MinValue)
    {
    }

    public QuotaUnavailableException(string message)
        : base(message)
    {
    }

    public QuotaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>When the units are there again.</summary>
    public DateTimeOffset NotBefore { get; }
}
