using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Google's installed-app sign-in for a machine without a browser (a server over SSH): prints the consent URL, and
/// reads back the address the browser was sent to after consent, pasted by the user.
/// </summary>
/// <remarks>
/// Google blocked the copy-the-code "out of band" redirect in 2023 (GMAIL-FACTS §10.1), so the redirect is still a
/// loopback address: on another machine the browser fails to load it, and that failed page's address holds the code.
/// Port 1 is chosen so that nothing on the user's machine answers, and nothing else sees the code.
/// </remarks>
public sealed class HeadlessCodeReceiver(TextReader input, TextWriter output, string redirectUri = HeadlessCodeReceiver.DefaultRedirectUri)
    : ICodeReceiver
{
    public const string DefaultRedirectUri = "http://127.0.0.1:1/authorize/";

    public string RedirectUri => redirectUri;

    public async Task<AuthorizationCodeResponseUrl> ReceiveCodeAsync(AuthorizationCodeRequestUrl url, CancellationToken taskCancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        await output.WriteLineAsync("Open this address in a browser on any machine, sign in and allow access:");
        await output.WriteLineAsync();
        await output.WriteLineAsync(url.Build().AbsoluteUri);
        await output.WriteLineAsync();
        await output.WriteLineAsync(
            $"The browser then goes to {redirectUri}… and shows an error page: that is expected. Copy the whole address from its address bar and paste it here:");
        await output.FlushAsync(taskCancellationToken);
        while (true)
        {
            var line = await input.ReadLineAsync(taskCancellationToken)
                ?? throw new InvalidOperationException("The sign-in was abandoned: no address was pasted.");
            try
            {
                return Parse(line);
            }
            catch (FormatException e)
            {
                await output.WriteLineAsync(e.Message + " Paste the address again:");
            }
        }
    }

    /// <summary>
    /// Reads what the user pasted: the full redirect address (<c>http://127.0.0.1:1/authorize/?state=…&amp;code=…&amp;scope=…</c>),
    /// only its query, or only the code.
    /// </summary>
    /// <exception cref="FormatException">Nothing usable was pasted.</exception>
    public static AuthorizationCodeResponseUrl Parse(string pasted)
    {
        var text = pasted?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new FormatException("Nothing was pasted.");
        }

        string? query = null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            query = uri.Query.TrimStart('?');
            if (query.Length == 0)
            {
                throw new FormatException("That address has no code in it: copy it after Google sent the browser to it.");
            }
        }
        else if (text.Contains('=', StringComparison.Ordinal))
        {
            query = text.TrimStart('?');
        }

        if (query is null)
        {
            // Only the code: Google's codes look like 4/0A…, with no spaces.
            if (text.Contains(' ', StringComparison.Ordinal))
            {
                throw new FormatException("That is not a redirect address nor a code.");
            }

            return new AuthorizationCodeResponseUrl(new Dictionary<string, string> { ["code"] = text });
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Unescape(pair[(equals + 1)..]);
            fields[name] = value;
        }

        if (!fields.ContainsKey("code") && !fields.ContainsKey("error"))
        {
            throw new FormatException("That address has neither a code nor an error in it.");
        }

        return new AuthorizationCodeResponseUrl(fields);
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
