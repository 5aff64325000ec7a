namespace Nudge.Sandbox;

/// <summary>
/// The OAuth scopes of the Gmail API, as its discovery document lists them. Methods that take scopes also accept the
/// short form after <c>https://www.googleapis.com/auth/</c>, e.g. <c>gmail.readonly</c>.
/// </summary>
public static class SandboxScopes
{
    /// <summary>Full access to the mailbox, including permanent deletion.</summary>
    public const string FullAccess = "https://mail.google.com/";

    /// <summary>Read, compose, send and label, but no permanent deletion.</summary>
    public const string Modify = Prefix + "gmail.modify";

    /// <summary>Read messages and settings.</summary>
    public const string Readonly = Prefix + "gmail.readonly";

    /// <summary>Ids, labels, headers and history only: no <c>q</c>, no <c>format=full|raw</c>.</summary>
    public const string Metadata = Prefix + "gmail.metadata";

    /// <summary>Send only (<c>messages.send</c>).</summary>
    public const string Send = Prefix + "gmail.send";

    /// <summary>Drafts and sending.</summary>
    public const string Compose = Prefix + "gmail.compose";

    /// <summary>Insert and import messages.</summary>
    public const string Insert = Prefix + "gmail.insert";

    /// <summary>Labels.</summary>
    public const string Labels = Prefix + "gmail.labels";

    /// <summary>Basic settings, including send-as addresses.</summary>
    public const string SettingsBasic = Prefix + "gmail.settings.basic";

    private const string Prefix = "https://www.googleapis.com/auth/";

    /// <summary>Gets every scope the Gmail discovery document declares.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        FullAccess,
        Prefix + "gmail.addons.current.action.compose",
        Prefix + "gmail.addons.current.message.action",
        Prefix + "gmail.addons.current.message.metadata",
        Prefix + "gmail.addons.current.message.readonly",
        Compose,
        Insert,
        Labels,
        Metadata,
        Modify,
        Readonly,
        Send,
        SettingsBasic,
        Prefix + "gmail.settings.sharing",
    ];

    /// <summary>Expands a short scope (<c>gmail.send</c>) to its URL; returns null for a scope Gmail does not have.</summary>
    /// <param name="scope">A scope URL or its short form.</param>
    /// <returns>The scope URL, or <see langword="null"/>.</returns>
    public static string? Normalize(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var trimmed = scope.Trim();
        var full = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : Prefix + trimmed;
        if (string.Equals(trimmed, "mail.google.com", StringComparison.OrdinalIgnoreCase))
        {
            full = FullAccess;
        }

        return All.FirstOrDefault(s => string.Equals(s, full, StringComparison.Ordinal));
    }
}
