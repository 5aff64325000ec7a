using Nudge.Core.Unsubscribe;

namespace Nudge.Tests.Core.Unsubscribe;

public class UnsubscribeLinksTests
{
    private const string Mailbox = "sam@acme.example";
    private static readonly string Token = UnsubscribeToken.Create(42, new byte[32]);

    [Fact]
    public void CreateHeader_NoBaseUrl_IsTheMailtoAloneWithoutOneClick()
    {
        var header = UnsubscribeLinks.CreateHeader(Mailbox, Token, publicBaseUrl: null);

        header.Value.ShouldBe($"<mailto:sam@acme.example?subject=unsubscribe%20{Token}>");
        header.OneClick.ShouldBeFalse();
    }

    [Fact]
    public void CreateHeader_HttpsBaseUrl_ListsTheLinkFirstThenTheMailtoWithOneClick()
    {
        var header = UnsubscribeLinks.CreateHeader(Mailbox, Token, new Uri("https://nudge.acme.example/"));

        header.Value.ShouldBe($"<https://nudge.acme.example/unsubscribe/{Token}>, <mailto:sam@acme.example?subject=unsubscribe%20{Token}>");
        header.OneClick.ShouldBeTrue();
    }

    [Fact]
    public void CreateHeader_HttpLoopbackBaseUrl_ListsTheLinkWithoutOneClick()
    {
        // RFC 8058 one-click is for https only; a loopback http link is there for rehearsals.
        var header = UnsubscribeLinks.CreateHeader(Mailbox, Token, new Uri("http://127.0.0.1:5080"));

        header.Value.ShouldStartWith($"<http://127.0.0.1:5080/unsubscribe/{Token}>, <mailto:");
        header.OneClick.ShouldBeFalse();
    }

    [Theory]
    [InlineData("https://nudge.example", "https://nudge.example/unsubscribe/")]
    [InlineData("https://nudge.example/", "https://nudge.example/unsubscribe/")]
    [InlineData("https://nudge.example/mail", "https://nudge.example/mail/unsubscribe/")]
    [InlineData("https://nudge.example/mail/", "https://nudge.example/mail/unsubscribe/")]
    [InlineData("https://nudge.example:8443/", "https://nudge.example:8443/unsubscribe/")]
    [InlineData("https://nudge.example:443/", "https://nudge.example/unsubscribe/")]
    [InlineData("https://bücher.example/", "https://xn--bcher-kva.example/unsubscribe/")]
    [InlineData("http://localhost:5000/", "http://localhost:5000/unsubscribe/")]
    [InlineData("http://[::1]:5000/", "http://[::1]:5000/unsubscribe/")]
    public void OneClickUrl_BaseUrl_PutsTheTokenUnderItsPathInAscii(string baseUrl, string expectedPrefix) =>
        UnsubscribeLinks.OneClickUrl(new Uri(baseUrl), Token).ShouldBe(expectedPrefix + Token);

    [Theory]
    [InlineData("http://nudge.example.com/", "must use https")]
    [InlineData("http://10.0.0.5/", "must use https")]
    [InlineData("ftp://nudge.example.com/", "must be an https URL")]
    [InlineData("https://admin:secret@nudge.example.com/", "user name or password")]
    [InlineData("https://nudge.example.com/?a=1", "query or fragment")]
    [InlineData("https://nudge.example.com/#top", "query or fragment")]
    public void ValidatePublicBaseUrl_Unusable_ThrowsSayingWhy(string baseUrl, string why)
    {
        var ex = Should.Throw<ArgumentException>(() => UnsubscribeLinks.ValidatePublicBaseUrl(new Uri(baseUrl)));

        ex.Message.ShouldContain(why);
        ex.ParamName.ShouldBe("publicBaseUrl");
    }

    [Fact]
    public void ValidatePublicBaseUrl_Relative_Throws() =>
        Should.Throw<ArgumentException>(() => UnsubscribeLinks.ValidatePublicBaseUrl(new Uri("/unsubscribe", UriKind.Relative)))
            .Message.ShouldContain("must be absolute");

    [Fact]
    public void ValidatePublicBaseUrl_ErrorMessage_NeverEchoesAPassword() =>
        Should.Throw<ArgumentException>(() => UnsubscribeLinks.ValidatePublicBaseUrl(new Uri("https://admin:secret@nudge.example.com/")))
            .Message.ShouldNotContain("secret");

    [Theory]
    [InlineData("https://nudge.example.com/")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("http://localhost/")]
    [InlineData("http://[::1]/")]
    public void ValidatePublicBaseUrl_HttpsOrLoopbackHttp_IsAccepted(string baseUrl) =>
        Should.NotThrow(() => UnsubscribeLinks.ValidatePublicBaseUrl(new Uri(baseUrl)));

    [Fact]
    public void CreateHeader_HttpPublicBaseUrl_Throws() =>
        Should.Throw<ArgumentException>(() => UnsubscribeLinks.CreateHeader(Mailbox, Token, new Uri("http://nudge.example.com/")));

    [Theory]
    [InlineData("sales+eu@acme.example", "mailto:sales+eu@acme.example?")]
    [InlineData("o'neil@acme.example", "mailto:o'neil@acme.example?")]
    [InlineData("a&b@acme.example", "mailto:a%26b@acme.example?")]
    [InlineData("jürgen@acme.example", "mailto:j%C3%BCrgen@acme.example?")]
    public void MailtoUri_Address_IsPercentEncodedWhereItMustBe(string address, string expectedPrefix) =>
        UnsubscribeLinks.MailtoUri(address, Token).ShouldStartWith(expectedPrefix);

    [Theory]
    [InlineData("")]
    [InlineData("sam")]
    [InlineData("@acme.example")]
    [InlineData("sam@")]
    [InlineData("sam@acme.example>, <https://evil.example/")]
    [InlineData("sam@acme.example>,<https://evil.example/")]
    [InlineData("sam@acme.example\r\nBcc: x@y.example")]
    public void MailtoUri_NotAnAddress_Throws(string address) =>
        Should.Throw<ArgumentException>(() => UnsubscribeLinks.MailtoUri(address, Token));

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAA>, <https://evil.example/")]
    [InlineData("AAAAAAAAAAAAAAAA\r\nBcc: x@y.example")]
    [InlineData("AAAAAAAAAAAAAAAA/../../admin")]
    public void CreateHeader_NotAToken_Throws(string token) =>
        Should.Throw<ArgumentException>(() => UnsubscribeLinks.CreateHeader(Mailbox, token, new Uri("https://nudge.example/")));

    [Theory]
    [InlineData("unsubscribe {0}")]
    [InlineData("Unsubscribe {0}")]
    [InlineData("UNSUBSCRIBE   {0}  ")]
    [InlineData("  unsubscribe\t{0}")]
    [InlineData("unsubscribe%20{0}")]
    [InlineData("Re: unsubscribe {0}")]
    [InlineData("RE:unsubscribe {0}")]
    [InlineData("Fwd: Re: unsubscribe {0}")]
    [InlineData("FW: unsubscribe {0}")]
    [InlineData("AW: unsubscribe {0}")]
    [InlineData("Re[2]: unsubscribe {0}")]
    public void TryReadMailtoSubject_UnsubscribeSubject_ReadsTheToken(string format)
    {
        var subject = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Token);

        UnsubscribeLinks.TryReadMailtoSubject(subject, out var token).ShouldBeTrue(subject);
        token.ShouldBe(Token);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unsubscribe")]
    [InlineData("unsubscribe ")]
    [InlineData("unsubscribe short")]
    [InlineData("unsubscribe AAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAA")]
    [InlineData("unsubscribeAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Please unsubscribe AAAAAAAAAAAAAAAAAAAA")]
    [InlineData("unsubscribe AAAAAAAAAAAAAAAAAAAA, thanks")]
    [InlineData("unsubscribe AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("unsubscribe AAAAAAAAAAAAAAAA+AAAAAAAAA")]
    [InlineData("Your invoice")]
    public void TryReadMailtoSubject_OtherSubject_IsFalse(string? subject)
    {
        UnsubscribeLinks.TryReadMailtoSubject(subject, out var token).ShouldBeFalse();
        token.ShouldBe("");
    }

    [Fact]
    public void TryReadMailtoSubject_SubjectAMailClientMakesFromTheMailto_ReadsTheToken()
    {
        // A mail client percent-decodes the mailto's subject (RFC 6068) before it puts it in the message.
        var mailto = new Uri(UnsubscribeLinks.MailtoUri(Mailbox, Token));
        var subject = Uri.UnescapeDataString(mailto.Query.TrimStart('?')["subject=".Length..]);

        UnsubscribeLinks.TryReadMailtoSubject(subject, out var token).ShouldBeTrue();
        token.ShouldBe(Token);
    }
}
