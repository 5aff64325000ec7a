namespace Nudge.Sandbox.Auth;

/// <summary>The outcome of <see cref="AuthorizationCodeStore.Redeem"/>; <see cref="Code"/> is set when valid.</summary>
internal sealed record CodeRedemption(CodeStatus Status, AuthorizationCode? Code);
