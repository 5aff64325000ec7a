using System.Text;
using MimeKit;
using Nudge.Core.Messages;
using Nudge.Core.Unsubscribe;

namespace Nudge.Tests.Core.Messages;

public class MessageComposerTests
{
    [Fact]
    public void ToRaw_AnyMessage_IsBase64UrlWithoutPlusOrSlash()
    {
        // Enough varied bytes that standard base64 would certainly produce '+' and '/'.
        var body = string.Concat(Enumerable.Range(0, 400).Select(i => (char)('!' + (i * 7 % 90)))) + " ÿþ€ 漢字";
        var raw = MessageComposer.ToRaw(MessageComposer.Compose(Some.Outgoing(text: body)));

        raw.ShouldNotContain('+');
        raw.ShouldNotContain('/');
        var decoded = Encoding.UTF8.GetString(Base64Url.Decode(raw));
        decoded.ShouldContain("Subject:");
    }

    [Fact]
    public void Compose_NonAsciiNamesAndSubject_AreRfc2047EncodedAndRoundTrip()
    {
        var outgoing = Some.Outgoing(toName: "Chloé Dubois", subject: "Société Générale et Nudge");

        var raw = MessageComposer.ToRaw(MessageComposer.Compose(outgoing));
        var bytes = Base64Url.Decode(raw);
        var headerText = Encoding.ASCII.GetString(bytes).Split("\r\n\r\n")[0];

        headerText.ShouldContain("=?utf-8?");
        bytes.Take(headerText.Length).ShouldAllBe(b => b < 128);
        var parsed = MimeMessage.Load(new MemoryStream(bytes), TestContext.Current.CancellationToken);
        parsed.Subject.ShouldBe("Société Générale et Nudge");
        parsed.To.Mailboxes.Single().Name.ShouldBe("Chloé Dubois");
    }

    [Fact]
    public void Compose_NonAsciiBody_IsSevenBitWithATransferEncodingAndRoundTrips()
    {
        // Without a Content-Transfer-Encoding a part is 7bit (RFC 2045 §6.1): raw UTF-8 in it is invalid MIME, which
        // some relays and clients mangle. Every byte of the message must be ASCII, and the text must come back.
        var outgoing = Some.Outgoing(text: "Bonjour Chloé, voilà 漢字 €");

        var bytes = Base64Url.Decode(MessageComposer.ToRaw(MessageComposer.Compose(outgoing)));

        bytes.ShouldAllBe(b => b < 128);
        var parsed = MimeMessage.Load(new MemoryStream(bytes), TestContext.Current.CancellationToken);
        foreach (var part in parsed.BodyParts.OfType<TextPart>())
        {
            part.ContentTransferEncoding.ShouldBeOneOf(ContentEncoding.QuotedPrintable, ContentEncoding.Base64);
        }

        parsed.TextBody.ShouldNotBeNull().ShouldContain("Bonjour Chloé, voilà 漢字 €");
    }

    [Fact]
    public void Compose_Reply_CarriesThreadingHeadersAndBothBodies()
    {
        var outgoing = Some.Outgoing(inReplyTo: "<b@mail.gmail.com>", references: ["<a@mail.gmail.com>", "<b@mail.gmail.com>"]);

        var raw = MessageComposer.ToRaw(MessageComposer.Compose(outgoing));
        var parsed = MimeMessage.Load(new MemoryStream(Base64Url.Decode(raw)), TestContext.Current.CancellationToken);

        parsed.InReplyTo.ShouldBe("b@mail.gmail.com");
        parsed.References.ShouldBe(["a@mail.gmail.com", "b@mail.gmail.com"]);
        parsed.Headers[MessageComposer.SendIdHeader].ShouldBe(outgoing.SendId);
        parsed.Body.ShouldNotBeNull().ContentType.MimeType.ShouldBe("multipart/alternative");
        parsed.TextBody.ShouldNotBeNull().ShouldContain("Hello");
        parsed.HtmlBody.ShouldNotBeNull().ShouldContain("<p>Hello</p>");
        parsed.MessageId.ShouldBe(outgoing.MessageId.Trim('<', '>'));
    }

    [Fact]
    public void NewMessageId_UsesTheMailboxDomainWithBrackets()
    {
        var id = MessageComposer.NewMessageId("sam@acme.example");

        id.ShouldStartWith("<");
        id.ShouldEndWith("@acme.example>");
    }

    [Fact]
    public void Decode_PaddedAndUnpadded_Agree()
    {
        Base64Url.Decode("YWI=").ShouldBe(Base64Url.Decode("YWI"));
        Base64Url.Decode("YWI").ShouldBe("ab"u8.ToArray());
    }

    [Fact]
    public void Compose_OneClickUnsubscribe_RoundTripsBothHeadersWithoutBreakingAUri()
    {
        var token = UnsubscribeToken.Create(123_456_789, new byte[32]);
        // A long base URL, so that the header must be folded.
        var header = UnsubscribeLinks.CreateHeader("sales-team+eu@acme.example", token, new Uri("https://nudge.mail-tools.acme.example/outreach/"));
        var outgoing = Some.Outgoing() with { ListUnsubscribe = header };

        var bytes = Base64Url.Decode(MessageComposer.ToRaw(MessageComposer.Compose(outgoing)));
        var parsed = MimeMessage.Load(new MemoryStream(bytes), TestContext.Current.CancellationToken);

        header.Value.Length.ShouldBeGreaterThan(78);
        parsed.Headers[HeaderId.ListUnsubscribe].ShouldBe(header.Value);
        parsed.Headers[HeaderId.ListUnsubscribePost].ShouldBe("List-Unsubscribe=One-Click");
        var headerText = Encoding.ASCII.GetString(bytes).Split("\r\n\r\n")[0];
        headerText.ShouldNotContain("=?", customMessage: "no RFC 2047 encoded words");
        foreach (var uri in new[] { UnsubscribeLinks.OneClickUrl(new Uri("https://nudge.mail-tools.acme.example/outreach/"), token),
                     UnsubscribeLinks.MailtoUri("sales-team+eu@acme.example", token) })
        {
            headerText.ShouldContain("<" + uri + ">", customMessage: "each URI whole on one line");
        }

        headerText.Split("\r\n").ShouldAllBe(line => line.Length <= 998);
    }

    [Fact]
    public void Compose_MailtoOnlyUnsubscribe_HasNoPostHeader()
    {
        var header = UnsubscribeLinks.CreateHeader("sam@acme.example", UnsubscribeToken.Create(1, new byte[32]), null);

        var parsed = RoundTrip(Some.Outgoing() with { ListUnsubscribe = header });

        parsed.Headers[HeaderId.ListUnsubscribe].ShouldBe(header.Value);
        parsed.Headers.Contains(HeaderId.ListUnsubscribePost).ShouldBeFalse();
    }

    [Fact]
    public void Compose_Default_HasNoUnsubscribeNorAutoSubmittedHeader()
    {
        var parsed = RoundTrip(Some.Outgoing());

        parsed.Headers.Contains(HeaderId.ListUnsubscribe).ShouldBeFalse();
        parsed.Headers.Contains(HeaderId.ListUnsubscribePost).ShouldBeFalse();
        parsed.Headers.Contains(MessageComposer.AutoSubmittedHeader).ShouldBeFalse();
    }

    [Fact]
    public void Compose_AutoSubmitted_SaysAutoReplied()
    {
        var parsed = RoundTrip(Some.Outgoing() with { AutoSubmitted = true });

        parsed.Headers[MessageComposer.AutoSubmittedHeader].ShouldBe("auto-replied");
    }

    private static MimeMessage RoundTrip(OutgoingMessage outgoing) =>
        MimeMessage.Load(new MemoryStream(Base64Url.Decode(MessageComposer.ToRaw(MessageComposer.Compose(outgoing)))),
            TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("Hello", "Re: Hello")]
    [InlineData("Re: Hello", "Re: Hello")]
    [InlineData("RE: Hello", "RE: Hello")]
    public void ForReply_AddsRePrefixOnce(string subject, string expected) => ThreadSubject.ForReply(subject).ShouldBe(expected);
}
