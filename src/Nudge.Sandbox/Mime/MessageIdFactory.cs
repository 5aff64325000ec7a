using System.Security.Cryptography;

namespace Nudge.Sandbox.Mime;

/// <summary>Makes Message-IDs in the shape Gmail gives API-sent mail: <c>CA…@mail.gmail.com</c>.</summary>
internal static class MessageIdFactory
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_-";

    /// <summary>Returns a new id without angle brackets (MimeKit adds them when it writes the header).</summary>
    public static string Create()
    {
        var chars = new char[44];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "CA" + new string(chars) + "@mail.gmail.com";
    }
}
