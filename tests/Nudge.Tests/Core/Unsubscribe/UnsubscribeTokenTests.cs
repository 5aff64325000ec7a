using System.Buffers.Binary;
using System.Security.Cryptography;
using CsCheck;
using Nudge.Core.Messages;
using Nudge.Core.Unsubscribe;

namespace Nudge.Tests.Core.Unsubscribe;

public class UnsubscribeTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly byte[] OtherKey = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    [Theory]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(1L << 40)]
    [InlineData(long.MaxValue)]
    public void TryVerify_TokenOfCreate_GivesBackTheId(long id)
    {
        var token = UnsubscribeToken.Create(id, Key);

        UnsubscribeToken.TryVerify(token, Key, out var verified).ShouldBeTrue();
        verified.ShouldBe(id);
    }

    [Fact]
    public void Create_AnyId_Is32Base64UrlCharacters()
    {
        foreach (var id in new[] { 1L, 255L, 65_536L, long.MaxValue })
        {
            var token = UnsubscribeToken.Create(id, Key);

            token.Length.ShouldBe(UnsubscribeToken.Length);
            token.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
        }
    }

    [Fact]
    public void Create_KnownKeyAndId_IsTheIdThenTheTruncatedDomainSeparatedHmac()
    {
        // Pins the format, so that a change breaking every link already sent cannot pass unnoticed.
        var payload = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, 7);
        byte[] message = [.. "nudge-unsubscribe-v1"u8, .. payload];
        var tag = HMACSHA256.HashData(Key, message)[..16];

        var token = UnsubscribeToken.Create(7, Key);

        Base64Url.Decode(token).ShouldBe([.. payload, .. tag]);
    }

    [Fact]
    public void Create_SameIdAndKey_IsTheSameToken() =>
        UnsubscribeToken.Create(9, Key).ShouldBe(UnsubscribeToken.Create(9, Key));

    [Fact]
    public void TryVerify_AnyOneCharacterChanged_IsFalse()
    {
        var token = UnsubscribeToken.Create(123_456, Key);

        // Every position, covering the id's characters and the tag's; the replacement stays in the alphabet.
        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];

            UnsubscribeToken.TryVerify(changed, Key, out var id).ShouldBeFalse($"position {i}");
            id.ShouldBe(0);
        }
    }

    [Fact]
    public void TryVerify_IdOfOneTokenWithTagOfAnother_IsFalse()
    {
        var mine = Base64Url.Decode(UnsubscribeToken.Create(1, Key));
        var theirs = Base64Url.Decode(UnsubscribeToken.Create(2, Key));

        var spliced = Base64Url.Encode([.. theirs[..8], .. mine[8..]]);

        UnsubscribeToken.TryVerify(spliced, Key, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryVerify_TokenOfAnotherKey_IsFalse()
    {
        var token = UnsubscribeToken.Create(5, OtherKey);

        UnsubscribeToken.TryVerify(token, Key, out var id).ShouldBeFalse();
        id.ShouldBe(0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("unsubscribe")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("////////////////////////////////")]
    [InlineData("++++++++++++++++++++++++++++++++")]
    [InlineData("================================")]
    [InlineData("ééééééééééééééééééééééééééééééé")]
    [InlineData("%41%41%41%41%41%41%41%41%41%41%4")]
    public void TryVerify_Garbage_IsFalse(string? token) => UnsubscribeToken.TryVerify(token, Key, out _).ShouldBeFalse();

    [Fact]
    public void TryVerify_ValidTokenPaddedSpacedOrExtended_IsFalse()
    {
        var token = UnsubscribeToken.Create(77, Key);

        string[] variants = [token + "=", token + "A", token[1..], " " + token[1..], token[..16] + " " + token[17..], token.ToUpperInvariant()];
        foreach (var variant in variants)
        {
            UnsubscribeToken.TryVerify(variant, Key, out _).ShouldBeFalse(variant);
        }
    }

    [Fact]
    public void TryVerify_RandomStrings_NeverThrowNorVerify() =>
        Gen.Frequency(
                (1, Gen.String),
                (1, Gen.String[Gen.Char[Base64UrlAlphabet], 32, 32]),
                (1, Gen.String[Gen.Char, 0, 200]))
            .Sample(text => !UnsubscribeToken.TryVerify(text, Key, out _));

    [Fact]
    public void Create_KeyShorterThan32Bytes_Throws()
    {
        var ex = Should.Throw<ArgumentException>(() => UnsubscribeToken.Create(1, new byte[31]));

        ex.ParamName.ShouldBe("key");
        ex.Message.ShouldContain("at least 32");
    }

    [Fact]
    public void TryVerify_KeyShorterThan32Bytes_Throws() =>
        Should.Throw<ArgumentException>(() => UnsubscribeToken.TryVerify(UnsubscribeToken.Create(1, Key), new byte[16], out _));

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Create_IdNotPositive_Throws(long id) =>
        Should.Throw<ArgumentOutOfRangeException>(() => UnsubscribeToken.Create(id, Key));
}
