using Nudge.Core.Abstractions;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>Where a sign-in happens and where its mailbox is reached: Google's endpoints, or a sandbox's.</summary>
/// <param name="AuthorizationUrl">The consent page the browser is sent to.</param>
/// <param name="TokenUrl">Where the code is exchanged and the tokens are refreshed.</param>
/// <param name="ApiBaseUrl">The Gmail API's root URL.</param>
/// <param name="IsSandbox">Whether these are a sandbox's (the mailbox is then of kind sandbox).</param>
public sealed record OAuthEndpoints(Uri AuthorizationUrl, string TokenUrl, string ApiBaseUrl, bool IsSandbox)
{
    /// <summary>Google's consent page.</summary>
    public const string GoogleAuthorizationUrl = "https://accounts.google.com/o/oauth2/v2/auth";

    /// <summary>Google's endpoints.</summary>
    public static OAuthEndpoints Google { get; } =
        new(new Uri(GoogleAuthorizationUrl), Mailbox.GoogleTokenUrl, Mailbox.GoogleApiBaseUrl, false);

    /// <summary>
    /// A sandbox's endpoints: the same paths as Google's under its base URL, which is also the API's root (as
    /// <c>nudge mailbox add --sandbox URL</c> stores it).
    /// </summary>
    public static OAuthEndpoints ForSandbox(Uri sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var root = Root(sandbox);
        return new OAuthEndpoints(new Uri(root, "o/oauth2/v2/auth"), new Uri(root, "token").ToString(), root.ToString(), true);
    }

    /// <summary>The URL with a trailing slash, so that relative paths resolve under it.</summary>
    public static Uri Root(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
