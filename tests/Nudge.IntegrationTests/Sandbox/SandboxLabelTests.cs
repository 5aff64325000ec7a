using System.Net;
using System.Text.Json;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxLabelTests
{
    [Fact]
    public async Task ListLabels_NewMailbox_ReturnsSystemLabelsTypedSystem()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/labels");

        status.ShouldBe(HttpStatusCode.OK);
        var labels = json.GetProperty("labels").EnumerateArray().ToList();
        labels.Select(l => l.Id()).ShouldBe(
            ["CHAT", "SENT", "INBOX", "IMPORTANT", "TRASH", "DRAFT", "SPAM", "CATEGORY_FORUMS", "CATEGORY_UPDATES",
                "CATEGORY_PERSONAL", "CATEGORY_PROMOTIONS", "CATEGORY_SOCIAL", "STARRED", "UNREAD"],
            ignoreOrder: true);
        labels.ShouldAllBe(l => l.GetProperty("type").GetString() == "system");
        labels.Single(l => l.Id() == "INBOX").GetProperty("name").GetString().ShouldBe("INBOX");
    }

    [Fact]
    public async Task CreateLabel_NewName_ReturnsLabelNAndListsItAsUser()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.CreateLabelAsync("Follow-ups");
        var (_, second) = await session.CreateLabelAsync("Replied");

        status.ShouldBe(HttpStatusCode.OK);
        json.Id().ShouldBe("Label_1");
        second.Id().ShouldBe("Label_2");
        json.GetProperty("name").GetString().ShouldBe("Follow-ups");
        json.GetProperty("labelListVisibility").GetString().ShouldBe("labelShow");
        json.GetProperty("messageListVisibility").GetString().ShouldBe("show");
        var (_, list) = await session.GetAsync("gmail/v1/users/me/labels");
        var user = list.GetProperty("labels").EnumerateArray().Single(l => l.Id() == "Label_1");
        user.GetProperty("type").GetString().ShouldBe("user");
    }

    [Theory]
    [InlineData("Follow-ups")]
    [InlineData("FOLLOW-UPS")]
    [InlineData("inbox")]
    public async Task CreateLabel_ExistingOrReservedName_Returns409(string name)
    {
        await using var session = await SandboxSession.StartAsync();
        await session.CreateLabelAsync("Follow-ups");

        var (status, json) = await session.CreateLabelAsync(name);

        status.ShouldBe(HttpStatusCode.Conflict);
        json.GetProperty("error").GetProperty("message").GetString().ShouldBe("Label name exists or conflicts");
        json.GetProperty("error").GetProperty("code").GetInt32().ShouldBe(409);
    }

    [Fact]
    public async Task Modify_UserLabel_IsAcceptedAndSearchableByName()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, label) = await session.CreateLabelAsync("Nudge Sent");
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Tagged"));
        await session.SendAsync(SandboxSession.Compose("Untagged"));

        var (status, json) = await session.ModifyAsync(sent.Id(), add: [label.Id()]);

        status.ShouldBe(HttpStatusCode.OK);
        json.Labels().ShouldContain(label.Id());
        (await session.ListIdsAsync("label:nudge-sent")).ShouldBe([sent.Id()]);
        (await session.ListIdsAsync("label:\"Nudge Sent\"")).ShouldBe([sent.Id()]);
        (await session.ListIdsAsync("has:userlabels")).ShouldBe([sent.Id()]);
    }

    [Fact]
    public async Task ListSendAs_PrimaryOnly_HasNoVerificationStatus()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/settings/sendAs");

        status.ShouldBe(HttpStatusCode.OK);
        var primary = json.GetProperty("sendAs").EnumerateArray().Single();
        primary.GetProperty("sendAsEmail").GetString().ShouldBe(SandboxSession.Email);
        primary.GetProperty("displayName").GetString().ShouldBe("");
        primary.GetProperty("replyToAddress").GetString().ShouldBe("");
        primary.GetProperty("signature").GetString().ShouldBe("");
        primary.GetProperty("isPrimary").GetBoolean().ShouldBeTrue();
        primary.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        primary.TryGetProperty("verificationStatus", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Watch_ValidTopic_ReturnsHistoryIdAndExpirationSevenDaysOut()
    {
        await using var session = await SandboxSession.StartAsync();
        var historyId = await session.HistoryIdAsync();

        var (status, json) = await session.PostAsync("gmail/v1/users/me/watch", GmailCalls.Json(new
        {
            topicName = "projects/nudge/topics/gmail",
            labelIds = new[] { "INBOX" },
            labelFilterAction = "include",
        }));

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("historyId").GetString().ShouldBe(historyId);
        json.GetProperty("expiration").ValueKind.ShouldBe(JsonValueKind.String);
        long.Parse(json.GetProperty("expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(session.Time.GetUtcNow().AddDays(7).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Watch_BadTopic_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, _) = await session.PostAsync("gmail/v1/users/me/watch", GmailCalls.Json(new { topicName = "gmail" }));

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Stop_AfterWatch_Returns204Empty()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.PostAsync("gmail/v1/users/me/watch", GmailCalls.Json(new { topicName = "projects/nudge/topics/gmail" }));

        var (status, body) = await session.RawAsync(HttpMethod.Post, "gmail/v1/users/me/stop");

        status.ShouldBe(HttpStatusCode.NoContent);
        body.ShouldBeEmpty();
    }

    [Fact]
    public async Task Restart_WithDataPath_KeepsUserLabelsAndNumbering()
    {
        var directory = Directory.CreateTempSubdirectory("nudge-sandbox-");
        try
        {
            var path = Path.Combine(directory.FullName, "state.json");
            await using (var first = await SandboxSession.StartAsync(path))
            {
                await first.CreateLabelAsync("Kept");
                await first.PostAsync("gmail/v1/users/me/watch", GmailCalls.Json(new { topicName = "projects/nudge/topics/gmail" }));
            }

            await using var second = await SandboxSession.StartAsync(path);

            var (_, list) = await second.GetAsync("gmail/v1/users/me/labels");
            list.GetProperty("labels").EnumerateArray().ShouldContain(l => l.Id() == "Label_1");
            (await second.CreateLabelAsync("Next")).Json.Id().ShouldBe("Label_2");
            (await second.CreateLabelAsync("Kept")).Status.ShouldBe(HttpStatusCode.Conflict);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
