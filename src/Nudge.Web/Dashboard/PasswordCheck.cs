using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Nudge.Core.Accounts;

namespace Nudge.Web.Dashboard;

/// <summary>
/// Hashes and checks dashboard passwords with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2 with
/// a random salt), and takes as long for a username that does not exist as for a wrong password.
/// </summary>
public sealed class PasswordCheck
{
    /// <summary>The shortest password the setup accepts.</summary>
    public const int MinLength = 12;

    /// <summary>The longest password accepted: hashing a huge one is work an anonymous client should not get for free.</summary>
    public const int MaxLength = 1024;

    private static readonly UserAccount Nobody = new(0, "", "", default);

    private readonly IPasswordHasher<UserAccount> _hasher;

    // A hash of a random password, checked when the username is unknown so that the answer takes as long as for a
    // wrong password: the timing does not tell which usernames exist.
    private readonly Lazy<string> _decoy;

    /// <param name="hasher">The hasher.</param>
    public PasswordCheck(IPasswordHasher<UserAccount> hasher)
    {
        _hasher = hasher;
        _decoy = new Lazy<string>(() => _hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    /// <summary>The hash to store for a password.</summary>
    public string Hash(string username, string password) => _hasher.HashPassword(Nobody with { Username = username }, password);

    /// <summary>Checks a password against an account, or against nothing when <paramref name="user"/> is null (always a failure).</summary>
    public PasswordVerificationResult Verify(UserAccount? user, string password)
    {
        if (user is null)
        {
            _hasher.VerifyHashedPassword(Nobody, _decoy.Value, password);
            return PasswordVerificationResult.Failed;
        }

        return _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
    }
}
