using System.Security.Cryptography;
using System.Text;
using Nudge.Core.Webhooks;

namespace Nudge.Tests.Core.Webhooks;

public class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private const string Body = """{"id":7,"type":"replied"}""";
    private static readonly DateTimeOffset At = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Sign_Body_IsTimestampAndHexHmacOfTimestampDotBody()
    {
        var header = WebhookSignature.Sign(Secret, At, Body);

        // What a receiver in any language computes: HMAC-SHA256(secret, "<t>.<body>") in lowercase hex.
        var t = At.ToUnixTimeSeconds();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{Body}")));
        header.ShouldBe($"t={t},v1={expected}");
    }

    [Fact]
    public void Verify_SignatureOfSign_IsValidWithinTheTolerance()
    {
        var header = WebhookSignature.Sign(Secret, At, Body);

        WebhookSignature.Verify(header, Secret, Body, At.AddMinutes(4), Tolerance).ShouldBeTrue();
        WebhookSignature.Verify(header, Secret, Body, At.AddMinutes(-4), Tolerance).ShouldBeTrue();
    }

    [Fact]
    public void Verify_OldSignature_IsRefusedAsAReplay()
    {
        var header = WebhookSignature.Sign(Secret, At, Body);

        WebhookSignature.Verify(header, Secret, Body, At.AddMinutes(6), Tolerance).ShouldBeFalse();
    }

    [Theory]
    [InlineData("whsec_other", Body)]
    [InlineData(Secret, """{"id":7,"type":"bounced"}""")]
    [InlineData(Secret, """{"id":7,"type":"replied"} """)]
    public void Verify_OtherSecretOrBody_IsRefused(string secret, string body)
    {
        var header = WebhookSignature.Sign(Secret, At, Body);

        WebhookSignature.Verify(header, secret, body, At, Tolerance).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=abc")]
    [InlineData("t=abc,v1=abc")]
    [InlineData("t=1772445600")]
    public void Verify_MalformedHeader_IsRefused(string? header)
    {
        WebhookSignature.Verify(header, Secret, Body, At, Tolerance).ShouldBeFalse();
    }

    [Fact]
    public void Verify_TimestampChanged_IsRefused()
    {
        var header = WebhookSignature.Sign(Secret, At, Body);
        var forged = header.Replace($"t={At.ToUnixTimeSeconds()}", $"t={At.ToUnixTimeSeconds() + 1}", StringComparison.Ordinal);

        WebhookSignature.Verify(forged, Secret, Body, At, Tolerance).ShouldBeFalse();
    }

    [Fact]
    public void CreateSecret_TwoCalls_AreDifferentAndRecognisable()
    {
        var first = WebhookSignature.CreateSecret();
        var second = WebhookSignature.CreateSecret();

        first.ShouldStartWith(WebhookSignature.SecretScheme);
        first.Length.ShouldBe(WebhookSignature.SecretScheme.Length + 43, "256 bits in base64url");
        first.ShouldNotBe(second);
    }
}
