using System.ComponentModel.DataAnnotations;

namespace Nudge.Core.Quota;

/// <summary>Options of the <see cref="QuotaGovernor"/>.</summary>
public sealed class QuotaOptions
{
    /// <summary>
    /// The share of a mailbox's daily sending limit Nudge uses, leaving the rest for the user's own sends that Nudge has
    /// not seen yet (it learns of them at its next history read).
    /// </summary>
    /// <value>The default value is 0.9 (450 of a gmail.com account's 500, 36 of 40).</value>
    [Range(0.01, 1.0)]
    public double DailySafetyShare { get; set; } = 0.9;

    /// <summary>
    /// The least time between two sends of one mailbox, so that a campaign does not go out as a burst that looks
    /// automated. Zero turns pacing off (tests, benchmarks).
    /// </summary>
    /// <value>The default value is 20 seconds.</value>
    public TimeSpan SendGap { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How far each gap varies at random, as a share of <see cref="SendGap"/> either way.</summary>
    /// <value>The default value is 0.5 (a 20 s gap is 10 to 30 s).</value>
    [Range(0.0, 1.0)]
    public double SendGapJitter { get; set; } = 0.5;

    /// <summary>
    /// How much longer than 24 hours a send is counted in the rolling window. Gmail counts a send when its request
    /// arrives, a little after Nudge reserved it; the margin keeps Nudge's window from freeing before Gmail's.
    /// </summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan WindowMargin { get; set; } = TimeSpan.FromMinutes(1);
}
