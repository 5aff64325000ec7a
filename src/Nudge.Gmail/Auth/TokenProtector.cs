using System.Security.Cryptography;
using System.Text;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Encrypts mailbox credentials (refresh tokens, service-account keys) before they reach the database, with AES-256-GCM
/// and a key file that only its owner can read (mode 0600).
/// </summary>
/// <remarks>
/// <para>
/// Format, version 1: <c>v1.&lt;key id&gt;.&lt;base64 of nonce(12) | ciphertext | tag(16)&gt;</c>. The key id (the
/// first 4 bytes of the key's SHA-256, in hex) tells a credential made with another key from a damaged one, and the
/// version leaves room for another scheme. Each encryption draws a fresh random nonce.
/// </para>
/// <para>
/// The key lives outside the database, so a copy of the database alone reveals no token. Lose the key file and every
/// mailbox must be signed in again; copy it along with the database when moving an installation.
/// </para>
/// </remarks>
public sealed class TokenProtector
{
    private const string Version = "v1";
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("nudge mailbox credential v1");

    private readonly byte[] _key;

    private TokenProtector(byte[] key, string keyPath)
    {
        if (key.Length != KeySize)
        {
            throw new CryptographicException($"The key file {keyPath} does not hold a {KeySize * 8}-bit key.");
        }

        _key = key;
        KeyPath = keyPath;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 4));
    }

    /// <summary>Where the key was read from.</summary>
    public string KeyPath { get; }

    /// <summary>A short fingerprint of the key, written into each ciphertext; not secret.</summary>
    public string KeyId { get; }

    /// <summary>The key file used when none is configured: beside the database, <c>&lt;database&gt;.key</c>.</summary>
    public static string DefaultKeyPath(string databasePath) => Path.GetFullPath(databasePath) + ".key";

    /// <summary>Reads the key file, or creates it (mode 0600, its folder 0700) with a new random key when it does not exist.</summary>
    public static TokenProtector LoadOrCreate(string keyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPath);
        keyPath = Path.GetFullPath(keyPath);
        if (!File.Exists(keyPath))
        {
            TryCreate(keyPath);
        }

        return Load(keyPath);
    }

    /// <summary>Reads an existing key file.</summary>
    public static TokenProtector Load(string keyPath)
    {
        keyPath = Path.GetFullPath(keyPath);
        if (!File.Exists(keyPath))
        {
            throw new FileNotFoundException(
                $"The key file {keyPath} does not exist: the mailbox credentials in the database cannot be decrypted without it.", keyPath);
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(keyPath).Trim());
        }
        catch (FormatException)
        {
            throw new CryptographicException($"The key file {keyPath} is not a Nudge key (one line of base64).");
        }

        return new TokenProtector(key, keyPath);
    }

    /// <summary>A protector over a 256-bit key held in memory (tests, or a key from a secret store).</summary>
    public static TokenProtector FromKey(ReadOnlySpan<byte> key) => new(key.ToArray(), "(in memory)");

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[NonceSize + clear.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagSize))
        {
            aes.Encrypt(nonce, clear, blob.AsSpan(NonceSize, clear.Length), blob.AsSpan(NonceSize + clear.Length), AssociatedData);
        }

        CryptographicOperations.ZeroMemory(clear);
        return $"{Version}.{KeyId}.{Convert.ToBase64String(blob)}";
    }

    /// <exception cref="CryptographicException">
    /// The ciphertext was made with another key (the key file does not match the database), or it was altered.
    /// </exception>
    public string Unprotect(string ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var parts = ciphertext.Split('.');
        if (parts.Length != 3 || !string.Equals(parts[0], Version, StringComparison.Ordinal))
        {
            throw new CryptographicException(
                "A stored mailbox credential is not in a format this version of Nudge knows (expected v1): was it written by a newer Nudge?");
        }

        if (!string.Equals(parts[1], KeyId, StringComparison.Ordinal))
        {
            throw new CryptographicException(
                $"The key file does not match the database: the credential was encrypted with key {parts[1]}, but {KeyPath} holds key {KeyId}. "
                + "Use the key file that was created with this database, or sign the mailbox in again.");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw Damaged();
        }

        if (blob.Length < NonceSize + TagSize)
        {
            throw Damaged();
        }

        var length = blob.Length - NonceSize - TagSize;
        var clear = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, length), blob.AsSpan(NonceSize + length), clear, AssociatedData);
            return Encoding.UTF8.GetString(clear);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Damaged();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(clear);
        }
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"TokenProtector {{ KeyPath = {KeyPath}, KeyId = {KeyId} }}";

    private CryptographicException Damaged() => new(
        $"A stored mailbox credential cannot be decrypted with the key file {KeyPath}: the key file does not match the database, "
        + "or the credential was altered. Sign the mailbox in again.");

    private static void TryCreate(string keyPath)
    {
        var directory = Path.GetDirectoryName(keyPath)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var key = RandomNumberGenerator.GetBytes(KeySize);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with 0600 from the start: there is no moment when another user could read it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(keyPath, options))
            using (var writer = new StreamWriter(stream, Encoding.ASCII))
            {
                writer.WriteLine(Convert.ToBase64String(key));
            }

            if (!OperatingSystem.IsWindows())
            {
                // The umask can only take bits away, but say it explicitly.
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (IOException) when (File.Exists(keyPath))
        {
            // Another process created it first: use theirs.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
