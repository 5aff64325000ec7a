namespace Nudge.Core.Enrollments;

/// <summary>What a suppression-list entry blocks.</summary>
public enum SuppressionKind
{
    /// <summary>One address.</summary>
    Address = 0,

    /// <summary>Every address of a domain (and of its subdomains).</summary>
    Domain = 1,
}
