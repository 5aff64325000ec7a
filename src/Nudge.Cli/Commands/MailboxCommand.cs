using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Nudge.Cli.Hosting;
using Nudge.Cli.Mailboxes;
using Nudge.Core.Abstractions;
using Nudge.Core.GmailApi;
using Nudge.Core.Quota;
using Nudge.Gmail;
using Nudge.Gmail.Auth;
using Nudge.Storage;
using Nudge.Storage.Sqlite;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge mailbox [--db PATH] [--key PATH] add|list|resume</c>: connects mailboxes (Google sign-in, a Workspace
/// service account, or a sandbox), stores their credentials encrypted, and shows their state.
/// </summary>
/// <remarks>
/// <para>
/// <c>add EMAIL --credentials credentials.json [--headless]</c> runs Google's installed-app sign-in (a Desktop OAuth
/// client) with a loopback redirect, or with <c>--headless</c> prints the consent URL and reads the pasted redirect
/// address. <c>add EMAIL --service-account key.json</c> uses Workspace domain-wide delegation. <c>add EMAIL --sandbox URL
/// (--access-token T | --refresh-token T --client-id I --client-secret S)</c> connects a mailbox of <c>nudge sandbox</c>.
/// Each is checked by reading the mailbox's profile before it is saved.
/// </para>
/// <para>
/// Credentials are encrypted with AES-256-GCM under a key file created beside the database (<c>nudge.db.key</c>, mode
/// 0600) unless <c>--key</c> says otherwise. Exit codes: 0 done, 1 the sign-in or check failed, 2 invalid options.
/// </para>
/// </remarks>
internal static class MailboxCommand
{
    private const int Failure = 1;
    private const int UsageError = 2;

    private const string ScopesHelp =
        "Nudge asks Google for two scopes: gmail.send, to send the follow-ups, and gmail.readonly, to notice replies "
        + "(a reply stops the sequence) and to read back the Message-ID of each sent message, which threading the next step "
        + "needs. Nudge never changes, labels or deletes mail, so it asks for no scope that could.";

    public static Command Create()
    {
        var db = new Option<string?>("--db")
        {
            Description = "SQLite database of Nudge (default: ~/.local/share/nudge/nudge.db)",
            Recursive = true,
        };
        var key = new Option<string?>("--key")
        {
            Description = "Key file that encrypts the mailbox credentials (default: the database's path + .key; created with mode 0600)",
            Recursive = true,
        };
        return new Command("mailbox", "Connect mailboxes to send from, and see their state")
        {
            db,
            key,
            CreateAdd(db, key),
            CreateList(db, key),
            CreateResume(db, key),
            CreateQuota(db, key),
        };
    }

    private static Command CreateAdd(Option<string?> db, Option<string?> key)
    {
        var email = new Argument<string>("EMAIL") { Description = "The mailbox's address" };
        var credentials = new Option<string?>("--credentials") { Description = "Sign in with Google: the Desktop OAuth client's credentials.json from Google Cloud" };
        var headless = new Option<bool>("--headless") { Description = "With --credentials: print the sign-in address and read the pasted redirect address, for a machine without a browser" };
        var serviceAccount = new Option<string?>("--service-account") { Description = "Google Workspace: the service account's key.json, with domain-wide delegation for the two scopes" };
        var sandbox = new Option<string?>("--sandbox") { Description = "A mailbox of `nudge sandbox`: its base URL" };
        var accessToken = new Option<string?>("--access-token") { Description = "With --sandbox: the mailbox's access token" };
        var refreshToken = new Option<string?>("--refresh-token") { Description = "With --sandbox: the mailbox's refresh token (refreshed at the sandbox's /token)" };
        var clientId = new Option<string?>("--client-id") { Description = "With --refresh-token: the OAuth client id" };
        var clientSecret = new Option<string?>("--client-secret") { Description = "With --refresh-token: the OAuth client secret" };
        var name = new Option<string?>("--name") { Description = "The name shown in From (default: the address)" };
        var command = new Command("add", "Connect a mailbox, or sign it in again (which also resumes it if paused). " + ScopesHelp)
        {
            email,
            credentials,
            headless,
            serviceAccount,
            sandbox,
            accessToken,
            refreshToken,
            clientId,
            clientSecret,
            name,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var address = parse.GetValue(email)?.Trim() ?? "";
            if (!address.Contains('@', StringComparison.Ordinal) || address.Length < 3)
            {
                return Usage($"'{address}' is not an email address.");
            }

            var ways = new[] { parse.GetValue(credentials), parse.GetValue(serviceAccount), parse.GetValue(sandbox) }.Count(v => v is not null);
            if (ways != 1)
            {
                return Usage("give exactly one of --credentials, --service-account and --sandbox.");
            }

            var sandboxOptions = new[] { accessToken, refreshToken, clientId, clientSecret };
            if (parse.GetValue(sandbox) is null && sandboxOptions.Any(o => parse.GetValue(o) is not null))
            {
                return Usage("--access-token, --refresh-token, --client-id and --client-secret go with --sandbox.");
            }

            if (parse.GetValue(headless) && parse.GetValue(credentials) is null)
            {
                return Usage("--headless goes with --credentials.");
            }

            using var context = await OpenAsync(parse, db, key, createKey: true, cancellationToken);
            try
            {
                Connection connection;
                if (parse.GetValue(sandbox) is { } url)
                {
                    if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl)
                        || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
                    {
                        return Usage($"--sandbox: '{url}' is not an http(s) URL.");
                    }

                    var refresh = parse.GetValue(refreshToken);
                    var access = parse.GetValue(accessToken);
                    if ((refresh is null) == (access is null))
                    {
                        return Usage("--sandbox needs either --access-token, or --refresh-token with --client-id and --client-secret.");
                    }

                    if (refresh is not null && (parse.GetValue(clientId) is not { } id || parse.GetValue(clientSecret) is not { } secret))
                    {
                        return Usage("--refresh-token needs --client-id and --client-secret.");
                    }

                    connection = refresh is null
                        ? new Connection(MailboxKind.Sandbox, baseUrl.ToString(), null, MailboxCredential.ForAccessToken(access!), access!)
                        : await SignInWithRefreshTokenAsync(address, baseUrl, refresh, parse.GetValue(clientId)!, parse.GetValue(clientSecret)!, cancellationToken);
                }
                else if (parse.GetValue(credentials) is { } credentialsFile)
                {
                    if (!File.Exists(credentialsFile))
                    {
                        return Usage($"--credentials: the file '{credentialsFile}' does not exist.");
                    }

                    connection = await SignInWithGoogleAsync(address, credentialsFile, parse.GetValue(headless), cancellationToken);
                }
                else
                {
                    var keyFile = parse.GetValue(serviceAccount)!;
                    if (!File.Exists(keyFile))
                    {
                        return Usage($"--service-account: the file '{keyFile}' does not exist.");
                    }

                    connection = await SignInWithServiceAccountAsync(address, keyFile, cancellationToken);
                }

                // The mailbox must be the one signed in: Google signs in whichever account the browser chose.
                var profile = await ReadProfileAsync(connection.ApiBaseUrl, connection.AccessToken, cancellationToken);
                if (!string.Equals(profile.EmailAddress, address, StringComparison.OrdinalIgnoreCase))
                {
                    await Console.Error.WriteLineAsync($"nudge mailbox add: the sign-in is for {profile.EmailAddress}, not {address}; nothing was saved.");
                    return Failure;
                }

                var existing = (await context.Store.ListMailboxesAsync(cancellationToken))
                    .FirstOrDefault(m => string.Equals(m.Email, address, StringComparison.OrdinalIgnoreCase));
                var mailbox = new Mailbox(
                    0,
                    address,
                    parse.GetValue(name) ?? existing?.DisplayName ?? address,
                    connection.ApiBaseUrl,
                    "",
                    null,
                    connection.Kind,
                    CredentialCiphertext: context.Protector.Protect(connection.Credential.ToJson()),
                    TokenUrl: connection.TokenUrl);
                await context.Store.UpsertMailboxAsync(mailbox, cancellationToken);
                Console.WriteLine($"Connected {address} ({connection.Kind.ToString().ToLowerInvariant()}, {mailbox.DailySendLimit:N0} sends a day).");
                return 0;
            }
            catch (MailboxAuthorizationException e)
            {
                await Console.Error.WriteLineAsync("nudge mailbox add: " + e.Message);
                return Failure;
            }
            catch (GmailApiException e)
            {
                await Console.Error.WriteLineAsync($"nudge mailbox add: reading the mailbox's profile failed: {e.Message}");
                return Failure;
            }
            catch (Exception e) when (e is FormatException or JsonException or HttpRequestException or InvalidOperationException or CryptographicException)
            {
                await Console.Error.WriteLineAsync("nudge mailbox add: " + e.Message);
                return Failure;
            }
        });
        return command;
    }

    private static Command CreateList(Option<string?> db, Option<string?> key)
    {
        var json = new Option<bool>("--json") { Description = "Print the mailboxes as JSON" };
        var command = new Command("list", "Show each mailbox: kind, status (and why it is paused), sends in the last 24 hours against its daily limit")
        {
            json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = await OpenAsync(parse, db, key, createKey: false, cancellationToken);
            var since = TimeProvider.System.GetUtcNow().AddHours(-24);
            var governor = new QuotaGovernor(context.Store, TimeProvider.System);
            var items = new List<MailboxListItem>();
            foreach (var mailbox in await context.Store.ListMailboxesAsync(cancellationToken))
            {
                var usage = await governor.GetUsageAsync(mailbox, cancellationToken);
                items.Add(new MailboxListItem(
                    mailbox.Email,
                    mailbox.Kind.ToString().ToLowerInvariant(),
                    mailbox.Status.ToString().ToLowerInvariant(),
                    mailbox.PausedReason,
                    mailbox.PausedAt,
                    await context.Store.CountSentSinceAsync(mailbox.Id, since, cancellationToken),
                    mailbox.DailySendLimit,
                    usage.SendsInWindow,
                    usage.DailyShare,
                    usage.UnitsAvailable,
                    usage.UnitsPerMinute));
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(items, MailboxCliJsonContext.Default.ListMailboxListItem));
                return 0;
            }

            if (items.Count == 0)
            {
                AnsiConsole.MarkupLine("No mailbox yet: connect one with [bold]nudge mailbox add EMAIL --credentials credentials.json[/].");
                return 0;
            }

            var table = new Table().AddColumns("Mailbox", "Kind", "Status", "Sent (24 h)", "Daily limit", "Quota (24 h)", "Units now");
            foreach (var item in items)
            {
                var status = item.PausedReason is { } reason
                    ? $"[red]paused[/]: {Markup.Escape(reason)}"
                    : item.Status == "paused" ? "[red]paused[/]" : "[green]active[/]";
                // Quota: every send in the rolling window (Nudge's reserved ones and the user's own) against Nudge's share.
                table.AddRow(Markup.Escape(item.Email), item.Kind, status, $"{item.SentLast24Hours:N0}", $"{item.DailyLimit:N0}",
                    $"{item.SendsInWindow:N0} / {item.DailyShare:N0}", $"{item.UnitsAvailable:N0} / {item.UnitsPerMinute:N0} a min");
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateResume(Option<string?> db, Option<string?> key)
    {
        var email = new Argument<string>("EMAIL") { Description = "The paused mailbox" };
        var command = new Command("resume", "Let the worker use a paused mailbox again (after fixing what paused it); its sequences carry on") { email };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = await OpenAsync(parse, db, key, createKey: false, cancellationToken);
            var address = parse.GetValue(email)?.Trim() ?? "";
            var mailbox = (await context.Store.ListMailboxesAsync(cancellationToken))
                .FirstOrDefault(m => string.Equals(m.Email, address, StringComparison.OrdinalIgnoreCase));
            if (mailbox is null)
            {
                await Console.Error.WriteLineAsync($"nudge mailbox resume: no mailbox {address}.");
                return Failure;
            }

            await context.Store.ResumeMailboxAsync(mailbox.Id, cancellationToken);
            Console.WriteLine($"Resumed {mailbox.Email}.");
            return 0;
        });
        return command;
    }

    private static Command CreateQuota(Option<string?> db, Option<string?> key)
    {
        var email = new Argument<string>("EMAIL") { Description = "The mailbox" };
        var regime = new Option<string?>("--regime")
        {
            Description = "Gmail API quota regime of your Google Cloud project: 2026 (6,000 units per user per minute, projects "
                + "created since May 2026) or legacy (15,000)",
        };
        var dailyLimit = new Option<string?>("--daily-limit")
        {
            Description = "Messages a day Gmail allows this mailbox (Nudge sends at most 90 % of it), or 'default' for the "
                + "account's kind: 500 for gmail.com, 2,000 for Workspace",
        };
        var command = new Command("quota", "Set a mailbox's quota regime and daily sending limit") { email, regime, dailyLimit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var regimeText = parse.GetValue(regime)?.Trim().ToLowerInvariant();
            GmailQuotaRegime? newRegime = regimeText switch
            {
                null => null,
                "2026" or "may2026" => GmailQuotaRegime.May2026,
                "legacy" => GmailQuotaRegime.Legacy,
                _ => null,
            };
            if (regimeText is not null && newRegime is null)
            {
                await Console.Error.WriteLineAsync($"nudge mailbox quota: --regime: '{regimeText}' is not 2026 or legacy.");
                return UsageError;
            }
            var limitText = parse.GetValue(dailyLimit)?.Trim();
            int? newLimit = null;
            var resetLimit = string.Equals(limitText, "default", StringComparison.OrdinalIgnoreCase);
            if (limitText is not null && !resetLimit)
            {
                if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 10_000)
                {
                    await Console.Error.WriteLineAsync($"nudge mailbox quota: --daily-limit: '{limitText}' is not a number from 1 to 10000 or 'default'.");
                    return UsageError;
                }

                newLimit = parsed;
            }

            using var context = await OpenAsync(parse, db, key, createKey: false, cancellationToken);
            var address = parse.GetValue(email)?.Trim() ?? "";
            var mailbox = (await context.Store.ListMailboxesAsync(cancellationToken))
                .FirstOrDefault(m => string.Equals(m.Email, address, StringComparison.OrdinalIgnoreCase));
            if (mailbox is null)
            {
                await Console.Error.WriteLineAsync($"nudge mailbox quota: no mailbox {address}.");
                return Failure;
            }

            var regimeToSet = newRegime ?? mailbox.QuotaRegime;
            var limitToSet = resetLimit ? null : newLimit ?? mailbox.DailyLimitOverride;
            await context.Store.SetMailboxQuotaAsync(mailbox.Id, regimeToSet, limitToSet, cancellationToken);
            var updated = mailbox with { QuotaRegime = regimeToSet, DailyLimitOverride = limitToSet };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mailbox.Email}: regime {(regimeToSet == GmailQuotaRegime.Legacy ? "legacy" : "2026")}, daily limit {updated.DailySendLimit}."));
            return 0;
        });
        return command;
    }

    private static async Task<Connection> SignInWithRefreshTokenAsync(
        string email, Uri baseUrl, string refreshToken, string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        var tokenUrl = new Uri(baseUrl, "token").ToString();
        var (credential, accessToken) = await MailboxCredential.SignInWithRefreshTokenAsync(email, clientId, clientSecret, refreshToken, tokenUrl,
            TimeProvider.System, cancellationToken);
        return new Connection(MailboxKind.Sandbox, baseUrl.ToString(), tokenUrl, credential, accessToken);
    }

    private static async Task<Connection> SignInWithGoogleAsync(string email, string credentialsFile, bool headless, CancellationToken cancellationToken)
    {
        var secrets = (await GoogleClientSecrets.FromFileAsync(credentialsFile, cancellationToken)).Secrets;
        var caught = new MemoryTokenStore();
        ICodeReceiver receiver = headless ? new HeadlessCodeReceiver(Console.In, Console.Error) : new LocalServerCodeReceiver();
        var signedIn = await GoogleWebAuthorizationBroker.AuthorizeAsync(
            new GoogleAuthorizationCodeFlow.Initializer
            {
                ClientSecrets = secrets,
                // Always show consent, so that Google sends a refresh token even to a client that was allowed before.
                Prompt = "consent",
                LoginHint = email,
            },
            GmailScopes.Nudge,
            email,
            usePkce: true,
            cancellationToken,
            caught,
            receiver);
        if (string.IsNullOrEmpty(signedIn.Token.RefreshToken))
        {
            throw new InvalidOperationException("Google sent no refresh token: remove Nudge's access at https://myaccount.google.com/permissions and sign in again.");
        }

        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        var kind = domain is "gmail.com" or "googlemail.com" ? MailboxKind.Gmail : MailboxKind.Workspace;
        var credential = MailboxCredential.ForOAuthUser(secrets.ClientId, secrets.ClientSecret, signedIn.Token);
        return new Connection(kind, Mailbox.GoogleApiBaseUrl, Mailbox.GoogleTokenUrl, credential, signedIn.Token.AccessToken);
    }

    private static async Task<Connection> SignInWithServiceAccountAsync(string email, string keyFile, CancellationToken cancellationToken)
    {
        var credential = MailboxCredential.FromServiceAccountKeyJson(await File.ReadAllTextAsync(keyFile, cancellationToken));
        var provider = new ServiceAccountTokenProvider(email, credential, Mailbox.GoogleTokenUrl, TimeProvider.System);
        var accessToken = await provider.GetAccessTokenAsync(cancellationToken);
        return new Connection(MailboxKind.Workspace, Mailbox.GoogleApiBaseUrl, Mailbox.GoogleTokenUrl, credential, accessToken);
    }

    private static async Task<GmailProfile> ReadProfileAsync(string apiBaseUrl, string accessToken, CancellationToken cancellationToken)
    {
        using var factory = new GmailClientFactory();
        var probe = new Mailbox(0, "", "", apiBaseUrl, accessToken, null);
        return await factory.Create(probe).GetProfileAsync(cancellationToken);
    }

    private static async Task<Context> OpenAsync(ParseResult parse, Option<string?> db, Option<string?> key, bool createKey, CancellationToken cancellationToken)
    {
        var databasePath = Path.GetFullPath(parse.GetValue(db) ?? CliStore.DefaultDatabasePath());
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        var keyPath = parse.GetValue(key) ?? TokenProtector.DefaultKeyPath(databasePath);
        var store = new SqliteEngineStore(EngineStoreFactory.SqliteConnectionString(databasePath));
        await store.MigrateAsync(cancellationToken);
        return new Context(store, createKey ? TokenProtector.LoadOrCreate(keyPath) : null);
    }


    private static int Usage(string message)
    {
        Console.Error.WriteLine("nudge mailbox add: " + message);
        return UsageError;
    }

    /// <summary>How a mailbox is reached once signed in; <see cref="AccessToken"/> is only used for the profile check.</summary>
    private sealed record Connection(MailboxKind Kind, string ApiBaseUrl, string? TokenUrl, MailboxCredential Credential, string AccessToken)
    {
        public override string ToString() => $"Connection {{ Kind = {Kind}, ApiBaseUrl = {ApiBaseUrl} }}";
    }

    private sealed class Context(SqliteEngineStore store, TokenProtector? protector) : IDisposable
    {
        public SqliteEngineStore Store { get; } = store;

        public TokenProtector Protector => protector ?? throw new InvalidOperationException("no key file was opened");

        public void Dispose() => Store.Dispose();
    }
}
