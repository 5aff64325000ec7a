namespace Nudge.Sandbox.Quota;

/// <summary>
/// The Gmail methods the sandbox serves, keyed by RPC name. Units come from GMAIL-FACTS §3a (legacy: the official
/// quota page; May 2026: the translated page and Nylas's guide); scopes from the discovery document's
/// <c>methods.*.scopes</c>. Hard-coded rather than read at run time so the sandbox carries no copy of the document;
/// a test checks entries against it.
/// </summary>
/// <remarks>
/// Guess: messages.import and messages.insert are 25 units in the legacy table and are not in the May 2026 sources;
/// they are kept at 25.
/// </remarks>
internal static class GmailMethodCatalog
{
    private const string Full = SandboxScopes.FullAccess;
    private const string Modify = SandboxScopes.Modify;
    private const string Readonly = SandboxScopes.Readonly;
    private const string Metadata = SandboxScopes.Metadata;
    private const string Compose = SandboxScopes.Compose;
    private const string Send = SandboxScopes.Send;
    private const string Insert = SandboxScopes.Insert;
    private const string Labels = SandboxScopes.Labels;
    private const string SettingsBasic = SandboxScopes.SettingsBasic;
    private const string AddonCompose = "https://www.googleapis.com/auth/gmail.addons.current.action.compose";
    private const string AddonAction = "https://www.googleapis.com/auth/gmail.addons.current.message.action";
    private const string AddonMetadata = "https://www.googleapis.com/auth/gmail.addons.current.message.metadata";
    private const string AddonReadonly = "https://www.googleapis.com/auth/gmail.addons.current.message.readonly";

    private static readonly GmailMethod[] Methods =
    [
        new("GetProfile", "gmail.users.getProfile", 1, 1, [Full, Compose, Metadata, Modify, Readonly]),
        new("SendMessage", "gmail.users.messages.send", 100, 100, [Full, AddonCompose, Compose, Modify, Send]),
        new("ImportMessage", "gmail.users.messages.import", 25, 25, [Full, Insert, Modify]),
        new("InsertMessage", "gmail.users.messages.insert", 25, 25, [Full, Insert, Modify]),
        new("ListMessages", "gmail.users.messages.list", 5, 5, [Full, Metadata, Modify, Readonly]),
        new("GetMessage", "gmail.users.messages.get", 5, 20, [Full, AddonAction, AddonMetadata, AddonReadonly, Metadata, Modify, Readonly]),
        new("ModifyMessage", "gmail.users.messages.modify", 5, 5, [Full, Modify]),
        new("TrashMessage", "gmail.users.messages.trash", 5, 20, [Full, Modify]),
        new("GetAttachment", "gmail.users.messages.attachments.get", 5, 20, [Full, AddonAction, AddonReadonly, Modify, Readonly]),
        new("GetThread", "gmail.users.threads.get", 10, 40, [Full, AddonAction, AddonMetadata, AddonReadonly, Metadata, Modify, Readonly]),
        new("ListThreads", "gmail.users.threads.list", 10, 10, [Full, Metadata, Modify, Readonly]),
        new("ListHistory", "gmail.users.history.list", 2, 2, [Full, Metadata, Modify, Readonly]),
        new("CreateDraft", "gmail.users.drafts.create", 10, 10, [Full, AddonCompose, Compose, Modify]),
        new("GetDraft", "gmail.users.drafts.get", 5, 20, [Full, Compose, Modify, Readonly]),
        new("ListDrafts", "gmail.users.drafts.list", 5, 5, [Full, Compose, Modify, Readonly]),
        new("UpdateDraft", "gmail.users.drafts.update", 15, 15, [Full, AddonCompose, Compose, Modify]),
        new("SendDraft", "gmail.users.drafts.send", 100, 100, [Full, AddonCompose, Compose, Modify]),
        new("DeleteDraft", "gmail.users.drafts.delete", 10, 10, [Full, AddonCompose, Compose, Modify]),
        new("ListLabels", "gmail.users.labels.list", 1, 1, [Full, Labels, Metadata, Modify, Readonly]),
        new("CreateLabel", "gmail.users.labels.create", 5, 5, [Full, Labels, Modify]),
        new("ListSendAs", "gmail.users.settings.sendAs.list", 1, 1, [Full, Modify, Readonly, SettingsBasic]),
        new("Watch", "gmail.users.watch", 100, 100, [Full, Metadata, Modify, Readonly]),
        new("Stop", "gmail.users.stop", 50, 50, [Full, Metadata, Modify, Readonly]),
    ];

    private static readonly Dictionary<string, GmailMethod> ByRpc = Methods.ToDictionary(m => m.Rpc, StringComparer.Ordinal);

    public static IReadOnlyCollection<GmailMethod> All => Methods;

    /// <summary>Finds a method by the RPC name its endpoint carries; null for a name the catalog lacks.</summary>
    public static GmailMethod? Find(string rpc) => ByRpc.GetValueOrDefault(rpc);
}
