namespace Nudge.Sandbox.Api;

/// <summary>Endpoint metadata: the Gmail RPC behind a REST path, named in Google's "credentials missing" error.</summary>
internal sealed record GmailRpc(string Name);
