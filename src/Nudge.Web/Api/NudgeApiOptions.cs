using Nudge.Core.Sequences;

namespace Nudge.Web.Api;

/// <summary>Options of the HTTP API (<see cref="NudgeApi.MapNudgeApi"/>).</summary>
public sealed class NudgeApiOptions
{
    /// <summary>
    /// A static bearer token every request may carry (<c>Authorization: Bearer …</c>) besides the API keys of the store:
    /// the token of <c>nudge run --listen</c>. Without a token and without keys the API refuses every request: enrolling
    /// sends mail from the user's mailbox, so an open endpoint is never the default.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: API keys only.</value>
    public string? Token { get; set; }

    /// <summary>The sequences the engine runs, listed by <c>GET /api/v1/sequences</c> (the same ones the enroller knows).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<SequenceDefinition> Sequences { get; set; } = [];

    /// <summary>
    /// The folder of sequence files (<c>--sequences</c>): <c>POST /api/v1/sequences/validate</c> checks the templates a
    /// file names against its <c>templates/</c> folder when the request does not bring them.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: only the templates in the request are checked.</value>
    public string? SequencesDirectory { get; set; }
}
