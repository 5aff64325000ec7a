using Google.Apis.Auth.OAuth2.Requests;
using Nudge.Gmail.Auth;

namespace Nudge.Tests.Gmail;

public sealed class HeadlessCodeReceiverTests
{
    [Fact]
    public void Parse_PastedRedirectAddress_ReadsCodeStateAndScope()
    {
        var response = HeadlessCodeReceiver.Parse(
            "  http://127.0.0.1:1/authorize/?state=xyz&iss=https%3A%2F%2Faccounts.google.com&code=4/0AeanS0b-x_Y%2Fz&scope=https://www.googleapis.com/auth/gmail.send%20https://www.googleapis.com/auth/gmail.readonly \n");

        response.Code.ShouldBe("4/0AeanS0b-x_Y/z");
        response.State.ShouldBe("xyz");
        response.Error.ShouldBeNull();
    }

    [Fact]
    public void Parse_DeniedConsent_ReadsTheError()
    {
        var response = HeadlessCodeReceiver.Parse("http://127.0.0.1:1/authorize/?error=access_denied&state=xyz");

        response.Error.ShouldBe("access_denied");
        response.Code.ShouldBeNull();
    }

    [Theory]
    [InlineData("4/0AeanS0b-x_Y")]
    [InlineData("code=4/0AeanS0b-x_Y&scope=x")]
    public void Parse_OnlyTheCodeOrTheQuery_ReadsTheCode(string pasted)
    {
        HeadlessCodeReceiver.Parse(pasted).Code.ShouldBe("4/0AeanS0b-x_Y");
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://127.0.0.1:1/authorize/")]
    [InlineData("http://127.0.0.1:1/authorize/?state=xyz")]
    [InlineData("this is not it")]
    public void Parse_NothingUsable_ThrowsFormatException(string pasted)
    {
        Should.Throw<FormatException>(() => HeadlessCodeReceiver.Parse(pasted));
    }

    [Fact]
    public async Task ReceiveCodeAsync_PrintsTheConsentAddressAndRetriesAfterABadPaste()
    {
        using var input = new StringReader("nonsense here\nhttp://127.0.0.1:1/authorize/?code=4/abc&state=s\n");
        using var output = new StringWriter();
        var receiver = new HeadlessCodeReceiver(input, output);
        var request = new AuthorizationCodeRequestUrl(new Uri("https://accounts.google.com/o/oauth2/v2/auth"))
        {
            ClientId = "client-1",
            RedirectUri = receiver.RedirectUri,
            Scope = GmailScopes.Send,
        };

        var response = await receiver.ReceiveCodeAsync(request, TestContext.Current.CancellationToken);

        response.Code.ShouldBe("4/abc");
        var printed = output.ToString();
        printed.ShouldContain("https://accounts.google.com/o/oauth2/v2/auth?");
        printed.ShouldContain("redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fauthorize%2F");
        printed.ShouldContain("Paste the address again");
    }
}
