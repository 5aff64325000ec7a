namespace Nudge.Web.Dashboard;

/// <summary>One file of <see cref="DashboardAssets"/>.</summary>
/// <param name="Name">Its file name, as in its URL.</param>
/// <param name="Content">Its bytes (UTF-8).</param>
/// <param name="ContentType">Its media type with charset.</param>
/// <param name="Version">A hash of its content: its ETag, and the <c>v</c> of its URL.</param>
public sealed record DashboardAsset(string Name, byte[] Content, string ContentType, string Version)
{
    /// <summary>Its entity tag, quoted.</summary>
    public string ETag => $"\"{Version}\"";
}
