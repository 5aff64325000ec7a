using System.Collections.Concurrent;
using System.Security.Cryptography;
using Nudge.Sandbox.Mime;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// The authorization codes of the consent page: random, single use, valid for <see cref="Lifetime"/>. A redeemed code
/// is remembered until it would have expired, so that a second use is refused as "used" rather than "malformed".
/// </summary>
internal sealed class AuthorizationCodeStore
{
    /// <summary>Google's codes are short-lived; 10 minutes is the upper bound RFC 6749 §4.1.2 recommends.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, AuthorizationCode> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _redeemed = new(StringComparer.Ordinal);

    /// <summary>Issues a code; expired and long-redeemed codes are swept at the same time so the tables stay small.</summary>
    public string Issue(AuthorizationCode code, DateTimeOffset now)
    {
        Sweep(now);
        // "4/0A" starts Google's authorization codes; the '/' also makes clients that forget to URL-decode fail here.
        var value = "4/0Asandbox-" + Base64Url.Encode(RandomNumberGenerator.GetBytes(32), pad: false);
        _pending[value] = code;
        return value;
    }

    /// <summary>
    /// Takes a code out of the store, whatever happens next: a redemption that then fails (wrong verifier or
    /// redirect_uri) has still used the code up, so a guessed verifier cannot be retried.
    /// </summary>
    public CodeRedemption Redeem(string value, DateTimeOffset now)
    {
        if (_pending.TryRemove(value, out var code))
        {
            _redeemed[value] = code.ExpiresAt;
            return code.ExpiresAt > now ? new CodeRedemption(CodeStatus.Valid, code) : new CodeRedemption(CodeStatus.Expired, null);
        }

        return _redeemed.ContainsKey(value) ? new CodeRedemption(CodeStatus.Used, null) : new CodeRedemption(CodeStatus.Unknown, null);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (value, code) in _pending)
        {
            if (code.ExpiresAt <= now)
            {
                _pending.TryRemove(value, out _);
            }
        }

        foreach (var (value, expiresAt) in _redeemed)
        {
            if (expiresAt <= now)
            {
                _redeemed.TryRemove(value, out _);
            }
        }
    }
}
