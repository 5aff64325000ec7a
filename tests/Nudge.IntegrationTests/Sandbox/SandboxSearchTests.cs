using System.Net;
using MimeKit;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>
/// Each operator against one seeded mailbox: "proposal" sent on 2 March, "lunch" received (unread, with an
/// attachment) on 5 March 09:00, "invoice" sent and starred on 5 March 10:00 UTC.
/// </summary>
public sealed class SandboxSearchTests
{
    [Theory]
    [InlineData("from:lee@example.net", "lunch")]
    [InlineData("from:lee", "lunch")]
    [InlineData("from:me", "proposal,invoice")]
    [InlineData("to:kim@example.com", "invoice")]
    [InlineData("to:me", "lunch")]
    [InlineData("subject:proposal", "proposal")]
    [InlineData("subject:\"lunch plans\"", "lunch")]
    [InlineData("in:sent", "proposal,invoice")]
    [InlineData("in:inbox", "lunch")]
    [InlineData("is:unread", "lunch")]
    [InlineData("is:read", "proposal,invoice")]
    [InlineData("is:starred", "invoice")]
    [InlineData("label:starred", "invoice")]
    [InlineData("label:INBOX", "lunch")]
    [InlineData("label:no-such-label", "")]
    [InlineData("has:attachment", "lunch")]
    [InlineData("newer_than:1d", "lunch,invoice")]
    [InlineData("older_than:2d", "proposal")]
    [InlineData("after:2026/03/04", "lunch,invoice")]
    [InlineData("before:2026/03/04", "proposal")]
    [InlineData("after:1772703000", "invoice")]
    [InlineData("noon", "lunch")]
    [InlineData("NOON", "lunch")]
    [InlineData("\"meet at noon\"", "lunch")]
    [InlineData("\"noon at meet\"", "")]
    [InlineData("propos", "")]
    [InlineData("-in:sent", "lunch")]
    [InlineData("in:sent -subject:invoice", "proposal")]
    [InlineData("subject:invoice OR subject:lunch", "lunch,invoice")]
    [InlineData("{subject:invoice subject:lunch}", "lunch,invoice")]
    [InlineData("-{subject:invoice subject:lunch}", "proposal")]
    [InlineData("in:sent (subject:invoice OR subject:proposal)", "proposal,invoice")]
    [InlineData("-(in:sent subject:invoice)", "proposal,lunch")]
    [InlineData("subject:(lunch plans)", "lunch")]
    [InlineData("from:(lee OR kim)", "lunch")]
    [InlineData("in:sent AND subject:invoice", "invoice")]
    [InlineData("larger:1M", "")]
    [InlineData("smaller:1M", "proposal,lunch,invoice")]
    public async Task ListMessages_Query_ReturnsMatchingMessages(string query, string expected)
    {
        await using var session = await SandboxSession.StartAsync();
        var seeded = await SeedAsync(session);

        var ids = await session.ListIdsAsync(query);

        var names = ids.Select(id => seeded.Single(s => s.Value == id).Key).Order(StringComparer.Ordinal).ToList();
        names.ShouldBe(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList(), $"q={query}");
    }

    [Fact]
    public async Task ListMessages_Rfc822MsgId_FindsTheMessageByItsGmailMessageId()
    {
        await using var session = await SandboxSession.StartAsync();
        var seeded = await SeedAsync(session);
        var messageId = await session.MessageIdHeaderAsync(seeded["invoice"]);

        (await session.ListIdsAsync("rfc822msgid:" + messageId)).ShouldBe([seeded["invoice"]]);
        (await session.ListIdsAsync("rfc822msgid:" + messageId.Trim('<', '>'))).ShouldBe([seeded["invoice"]]);
    }

    [Fact]
    public async Task ListMessages_InTrash_FindsTrashedMessageWithoutIncludeSpamTrash()
    {
        await using var session = await SandboxSession.StartAsync();
        var seeded = await SeedAsync(session);
        await session.TrashAsync(seeded["lunch"]);

        (await session.ListIdsAsync("in:trash")).ShouldBe([seeded["lunch"]]);
        (await session.ListIdsAsync("noon")).ShouldBeEmpty();
        (await session.ListIdsAsync("in:anywhere noon")).ShouldBe([seeded["lunch"]]);
    }

    [Fact]
    public async Task ListThreads_Query_UsesTheSameSearch()
    {
        await using var session = await SandboxSession.StartAsync();
        var seeded = await SeedAsync(session);

        var (status, json) = await session.GetAsync("gmail/v1/users/me/threads?q=" + Uri.EscapeDataString("subject:invoice OR has:attachment"));

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("threads").EnumerateArray().Select(t => t.Id()).ShouldBe([seeded["invoice"], seeded["lunch"]]);
    }

    private static async Task<Dictionary<string, string>> SeedAsync(SandboxSession session)
    {
        var proposal = SandboxSession.Compose("Quarterly proposal");
        var (_, sent) = await session.SendAsync(proposal);

        session.Time.Advance(TimeSpan.FromDays(3));
        var lunch = new MimeMessage();
        lunch.From.Add(new MailboxAddress("Lee", "lee@example.net"));
        lunch.To.Add(MailboxAddress.Parse(SandboxSession.Email));
        lunch.Subject = "Lunch plans";
        var body = new BodyBuilder { TextBody = "Let's meet at noon, menu attached." };
        body.Attachments.Add("menu.pdf", "%PDF-1.4 menu"u8.ToArray(), new ContentType("application", "pdf"));
        lunch.Body = body.ToMessageBody();
        var (status, received) = await session.PostAsync(
            "gmail/v1/users/me/messages/import?internalDateSource=receivedTime",
            GmailCalls.Json(new { raw = SandboxSession.ToRaw(lunch) }));
        status.ShouldBe(HttpStatusCode.OK);

        session.Time.Advance(TimeSpan.FromHours(1));
        var (_, invoice) = await session.SendAsync(SandboxSession.Compose("Invoice 42", to: "Kim <kim@example.com>"));
        await session.ModifyAsync(invoice.Id(), add: ["STARRED"]);

        return new Dictionary<string, string>
        {
            ["proposal"] = sent.Id(),
            ["lunch"] = received.Id(),
            ["invoice"] = invoice.Id(),
        };
    }
}
