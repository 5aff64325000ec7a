namespace Nudge.Core.Accounts;

/// <summary>A dashboard account.</summary>
/// <param name="Id">Store id; 0 before it is stored.</param>
/// <param name="Username">The login name, lowercased.</param>
/// <param name="PasswordHash">ASP.NET Core Identity's password hash (PBKDF2 with a salt); never the password.</param>
/// <param name="CreatedAt">When the account was made.</param>
public sealed record UserAccount(long Id, string Username, string PasswordHash, DateTimeOffset CreatedAt)
{
    /// <summary>Never prints the hash.</summary>
    public override string ToString() => $"UserAccount {{ Id = {Id}, Username = {Username} }}";
}
