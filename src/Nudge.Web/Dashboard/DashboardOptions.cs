using Nudge.Core.Enrolling;
using Nudge.Core.Rules;
using Nudge.Core.Sequences;

namespace Nudge.Web.Dashboard;

/// <summary>Options of the dashboard (<see cref="NudgeDashboard.AddNudgeDashboard"/>).</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// The sequences loaded, to show each lead's step out of its sequence's step count.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the leads page shows the step number alone.</value>
    public SequenceCatalog? Sequences { get; set; }

    /// <summary>
    /// Where the keys that sign the session and antiforgery cookies are kept, so that sessions survive a restart.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: keys in memory only, so sessions end when the process does
    /// (<c>nudge serve</c> passes a folder beside its database).
    /// </value>
    public string? KeysDirectory { get; set; }

    /// <summary>The folder of the sequences' <c>.liquid</c> templates, which the templates page reads and saves.</summary>
    /// <value>The default value is <see langword="null"/>: the templates page lists the templates but cannot edit them.</value>
    public string? TemplatesDirectory { get; set; }

    /// <summary>
    /// The folder of the sequence files, or the one sequence file, that <see cref="Sequences"/> was loaded from: the
    /// sequences page edits these files and loads them again into <see cref="Sequences"/>, so that the worker of this
    /// process schedules with what was saved.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the sequences page shows the sequences but cannot edit them.</value>
    public string? SequencesPath { get; set; }

    /// <summary>Enrolls the contacts chosen on the sequences page (the host's, with its Gmail access for thread searches).</summary>
    /// <value>The default value is <see langword="null"/>: an enroller without Gmail access over <see cref="Sequences"/>.</value>
    public Enroller? Enroller { get; set; }

    /// <summary>The inbound rules the worker in this process applies, for the rules page.</summary>
    /// <value>The default value is empty: the page then shows only the replies recorded in the store.</value>
    public IReadOnlyList<InboundRule> Rules { get; set; } = [];
}
