using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;
using Nudge.Core.GmailApi;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Gmail.Auth;

namespace Nudge.Cli.Hosting;

/// <summary>What the web host serves.</summary>
/// <param name="Url">Where it listens, e.g. <c>http://127.0.0.1:8080</c>.</param>
/// <param name="Store">The store every endpoint reads and writes.</param>
/// <param name="Enroller">Enrolls for the API.</param>
/// <param name="Time">The clock.</param>
internal sealed record ApiHostSettings(string Url, IEngineStore Store, Enroller Enroller, TimeProvider Time)
{
    /// <summary>The API's bearer token; without one the API refuses every request (the unsubscribe pages are served anyway).</summary>
    public string? ApiToken { get; init; }

    /// <summary>The secret of the Gmail push endpoint's URL; without one the endpoint is not served.</summary>
    public string? PushToken { get; init; }

    /// <summary>The worker in this process, which a push wakes.</summary>
    public SequenceWorker? Worker { get; init; }

    /// <summary>The sequences loaded, for the dashboard's step counts; without them it shows step numbers alone.</summary>
    public SequenceCatalog? Sequences { get; init; }

    /// <summary>
    /// The folder of the sequence files, or the one file, as <c>--sequences</c> gave it: the API validates sequences
    /// against its templates, and the dashboard edits its files and templates.
    /// </summary>
    public string? SequencesPath { get; init; }

    /// <summary>
    /// Where the dashboard keeps the keys that sign its cookies; <see langword="null"/> for ASP.NET Core's default folder.
    /// </summary>
    public string? DashboardKeysDirectory { get; init; }

    /// <summary>
    /// Encrypts the credentials of the mailboxes the dashboard connects; without it the mailboxes page only lists them.
    /// </summary>
    public TokenProtector? CredentialProtector { get; init; }

    /// <summary>Reads a newly connected mailbox's profile; without it the dashboard makes its own client.</summary>
    public IGmailClientFactory? GmailClients { get; init; }

    /// <summary>A running <c>nudge sandbox</c>, whose mailboxes the dashboard can add and connect.</summary>
    public Uri? SandboxUrl { get; init; }

    /// <summary>What the host calls itself in its messages.</summary>
    public string Command { get; init; } = "nudge run";
}
