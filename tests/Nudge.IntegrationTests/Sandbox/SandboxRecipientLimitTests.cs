using System.Net;
using MimeKit;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxRecipientLimitTests
{
    [Fact]
    public async Task SendMessage_101RecipientsAcrossToCcBcc_Returns400InvalidArgument()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Crowd");
        message.Cc.AddRange(Enumerable.Range(0, 50).Select(i => MailboxAddress.Parse($"c{i}@example.org")));
        message.Bcc.AddRange(Enumerable.Range(0, 50).Select(i => MailboxAddress.Parse($"b{i}@example.org")));

        var (status, json) = await session.SendAsync(message);

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("status").GetString().ShouldBe("INVALID_ARGUMENT");
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("invalidArgument");
    }

    [Fact]
    public async Task SendMessage_Exactly100Recipients_Succeeds()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Crowd");
        message.Cc.AddRange(Enumerable.Range(0, 99).Select(i => MailboxAddress.Parse($"c{i}@example.org")));

        var (status, _) = await session.SendAsync(message);

        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ImportMessage_101Recipients_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Crowd", from: "pat@example.org");
        message.To.AddRange(Enumerable.Range(0, 100).Select(i => MailboxAddress.Parse($"t{i}@example.org")));

        var (status, _) = await session.ImportAsync(message);

        status.ShouldBe(HttpStatusCode.BadRequest);
    }
}
