namespace Nudge.Sandbox;

/// <summary>Options for <see cref="GmailSandbox.StartAsync"/>.</summary>
public sealed class GmailSandboxOptions
{
    /// <summary>The default <see cref="OAuthClientId"/>.</summary>
    public const string DefaultOAuthClientId = "nudge-sandbox.apps.googleusercontent.com";

    /// <summary>The default <see cref="OAuthClientSecret"/>.</summary>
    public const string DefaultOAuthClientSecret = "GOCSPX-nudge-sandbox-installed-app";

    /// <summary>Gets or sets the loopback port to listen on; 0 picks a free port.</summary>
    /// <value>The default value is 0. The sandbox always binds 127.0.0.1 only.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets whether <c>messages.send</c> replaces the client's <c>Message-ID</c>, as Gmail does.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ReplaceMessageId { get; set; } = true;

    /// <summary>
    /// Gets or sets an optional JSON state file. When set, the state is loaded at start if the file exists and saved
    /// after every mutation (written to a temporary file, then renamed over the old one).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the state lives in memory only.</value>
    public string? DataPath { get; set; }

    /// <summary>Gets or sets the clock used for <c>internalDate</c>, ids, search and history expiry.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets how long history records are kept. A <c>startHistoryId</c> older than an expired record gets
    /// 404, as Gmail does when a history id is out of date.
    /// </summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets the API quota regime: the per-user per-minute units (15,000 legacy, 6,000 since May 2026) and the
    /// per-method costs. Going over gets Gmail's 403 <c>rateLimitExceeded</c>; units are counted over a sliding minute
    /// of <see cref="TimeProvider"/> time.
    /// </summary>
    /// <value>The default value is <see cref="QuotaRegime.May2026"/>, the regime of a project created today.</value>
    public QuotaRegime QuotaRegime { get; set; } = QuotaRegime.May2026;

    /// <summary>
    /// Gets or sets the per-user per-minute units in place of <see cref="QuotaRegime"/>'s, so that a benchmark can lift
    /// the quota and measure the client's own cost; the per-method costs stay the regime's.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the regime's (15,000 or 6,000).</value>
    public int? UnitsPerMinute { get; set; }

    /// <summary>
    /// Gets or sets how many messages (<c>messages.send</c> plus <c>drafts.send</c>) a mailbox may send in any rolling
    /// 24 hours; the next send gets 429 "User-rate limit exceeded.  Retry after … (Mail sending)".
    /// </summary>
    /// <value>The default value is <see langword="null"/>: 500 for <see cref="SandboxAccountKind.Gmail"/>, 2,000 for
    /// <see cref="SandboxAccountKind.Workspace"/>.</value>
    public int? DailySendLimit { get; set; }

    /// <summary>Gets or sets how long an access token minted by <c>POST /token</c> lives.</summary>
    /// <value>The default value is 1 hour, as Google's (<c>expires_in</c> is one second less).</value>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets the injected faults (errors, latency, 429 bursts, dropped connections after a send); also settable
    /// while running through <c>PUT /sandbox/faults</c>. See <see cref="SandboxFaults.Parse"/> for the spec grammar.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no faults.</value>
    public SandboxFaults? Faults { get; set; }

    /// <summary>
    /// Gets or sets the scripted recipients: who replies, is out of office, bounces or asks to unsubscribe when a
    /// mailbox sends to them, and after how long. Also settable while running through
    /// <see cref="GmailSandbox.SetRecipients"/> or <c>PUT /sandbox/recipients</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nobody answers. Set this or <see cref="RecipientsFile"/>,
    /// not both.</value>
    public Recipients.RecipientScript? Recipients { get; set; }

    /// <summary>Gets or sets a JSON rules file (see <see cref="Recipients.RecipientScript"/>) read at start.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? RecipientsFile { get; set; }

    /// <summary>
    /// Gets or sets the client id of the sandbox-wide "installed app" (desktop) OAuth client. Unlike each mailbox's
    /// own client, it may be authorized for any mailbox of the sandbox through the browser authorization-code flow
    /// (<c>GET /o/oauth2/v2/auth</c>, then <c>POST /token</c> with <c>grant_type=authorization_code</c>), with any
    /// loopback <c>redirect_uri</c>, as Google's desktop clients allow.
    /// </summary>
    /// <value>The default value is <see cref="DefaultOAuthClientId"/>, fixed so that a host can be configured once.</value>
    public string OAuthClientId { get; set; } = DefaultOAuthClientId;

    /// <summary>
    /// Gets or sets the secret of the installed-app client. Google does not treat an installed app's secret as
    /// confidential either, and the sandbox listens on loopback only, so a fixed, published default is fine.
    /// </summary>
    /// <value>The default value is <see cref="DefaultOAuthClientSecret"/>.</value>
    public string OAuthClientSecret { get; set; } = DefaultOAuthClientSecret;
}
