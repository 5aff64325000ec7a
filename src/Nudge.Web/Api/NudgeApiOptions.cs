namespace Nudge.Web.Api;

/// <summary>Options of the HTTP API.</summary>
public sealed class NudgeApiOptions
{
    /// <summary>
    /// The bearer token every request must carry (<c>Authorization: Bearer …</c>). Without one the API refuses every
    /// request: enrolling sends mail from the user's mailbox, so an open endpoint is never the default.
    /// </summary>
    public string? Token { get; set; }
}
