using Nudge.Core.Enrolling;
using Nudge.Core.GmailApi;
using Nudge.Core.Rules;
using Nudge.Core.Sequences;
using Nudge.Gmail.Auth;

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

    /// <summary>
    /// Encrypts the credentials of the mailboxes the mailboxes page connects (the installation's key file, as
    /// <c>nudge mailbox add</c> uses).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the page lists mailboxes but cannot connect one.</value>
    public TokenProtector? CredentialProtector { get; set; }

    /// <summary>Reads a newly connected mailbox's profile, to check that it is the address asked for.</summary>
    /// <value>The default value is <see langword="null"/>: the dashboard makes a <c>GmailClientFactory</c> of its own.</value>
    public IGmailClientFactory? GmailClients { get; set; }

    /// <summary>
    /// A running Gmail sandbox (<c>nudge sandbox</c>): the mailboxes page then offers to add a sandbox mailbox in one
    /// click, or to connect one through the sandbox's consent page.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: Google only.</value>
    public Uri? SandboxUrl { get; set; }
}
