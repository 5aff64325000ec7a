namespace Nudge.Sandbox;

/// <summary>Options for <see cref="GmailSandbox.StartAsync"/>.</summary>
public sealed class GmailSandboxOptions
{
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
}
