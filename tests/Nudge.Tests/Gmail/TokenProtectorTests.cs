using System.Security.Cryptography;
using Nudge.Gmail.Auth;

namespace Nudge.Tests.Gmail;

public sealed class TokenProtectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nudge-key-").FullName;

    [Fact]
    public void Unprotect_WhatWasProtected_RoundTrips()
    {
        var protector = TokenProtector.LoadOrCreate(Path.Combine(_dir, "nudge.db.key"));
        const string secret = """{"type":"authorized_user","refreshToken":"1//refresh-é"}""";

        var first = protector.Protect(secret);
        var second = protector.Protect(secret);

        first.ShouldStartWith($"v1.{protector.KeyId}.");
        first.ShouldNotContain("refresh");
        second.ShouldNotBe(first, "each encryption draws its own nonce");
        protector.Unprotect(first).ShouldBe(secret);
        TokenProtector.Load(protector.KeyPath).Unprotect(second).ShouldBe(secret);
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_FailsClearly()
    {
        var protector = TokenProtector.FromKey(RandomNumberGenerator.GetBytes(32));
        var ciphertext = protector.Protect("1//refresh-token");
        var parts = ciphertext.Split('.');
        var blob = Convert.FromBase64String(parts[2]);
        blob[^20] ^= 0x01;
        var tampered = $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(blob)}";

        var error = Should.Throw<CryptographicException>(() => protector.Unprotect(tampered));

        error.Message.ShouldContain("the key file does not match the database, or the credential was altered");
    }

    [Fact]
    public void Unprotect_WithAnotherKeyFile_SaysTheKeyFileDoesNotMatchTheDatabase()
    {
        var original = TokenProtector.LoadOrCreate(Path.Combine(_dir, "a.key"));
        var other = TokenProtector.LoadOrCreate(Path.Combine(_dir, "b.key"));
        var ciphertext = original.Protect("1//refresh-token");

        var error = Should.Throw<CryptographicException>(() => other.Unprotect(ciphertext));

        error.Message.ShouldContain("The key file does not match the database");
        error.Message.ShouldContain(other.KeyPath);
        error.Message.ShouldNotContain("refresh-token");
    }

    [Fact]
    public void Unprotect_UnknownVersion_SaysSo()
    {
        var protector = TokenProtector.FromKey(RandomNumberGenerator.GetBytes(32));

        Should.Throw<CryptographicException>(() => protector.Unprotect("v9.abc.def")).Message.ShouldContain("expected v1");
    }

    [Fact]
    public void LoadOrCreate_NewKey_IsAnOwnerOnlyFileInANewFolder()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes.");
        var path = Path.Combine(_dir, "config", "nudge", "key");

        var protector = TokenProtector.LoadOrCreate(path);

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(path)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Convert.FromBase64String(File.ReadAllText(path).Trim()).Length.ShouldBe(32);
        TokenProtector.LoadOrCreate(path).KeyId.ShouldBe(protector.KeyId, "an existing key is kept");
        protector.ToString().ShouldNotContain(File.ReadAllText(path).Trim());
    }

    [Fact]
    public void Load_MissingKeyFile_SaysWhatItIsFor()
    {
        var error = Should.Throw<FileNotFoundException>(() => TokenProtector.Load(Path.Combine(_dir, "missing.key")));

        error.Message.ShouldContain("cannot be decrypted without it");
    }

    [Fact]
    public void DefaultKeyPath_IsBesideTheDatabase()
    {
        TokenProtector.DefaultKeyPath("/var/lib/nudge/nudge.db").ShouldBe("/var/lib/nudge/nudge.db.key");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
