using System.Net;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Gmail;
using Nudge.Gmail.Auth;
using Nudge.IntegrationTests.Sandbox;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Gmail;

/// <summary>
/// The typed client against the Gmail sandbox over real loopback HTTP: every call of <see cref="IGmailClient"/>, as
/// the engine makes it.
/// </summary>
public sealed class GmailClientSandboxTests : IAsyncLifetime
{
    private const string Email = "sam@acme.example";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private GmailSandbox _sandbox = null!;
    private HttpClient _http = null!;
    private GmailClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions { TimeProvider = _time }, Ct);
        var mailbox = _sandbox.AddMailbox(Email);
        _http = new HttpClient(new BearerTokenHandler(new StaticAccessTokenProvider(mailbox.AccessToken))
        {
            InnerHandler = new SocketsHttpHandler { UseProxy = false },
        })
        {
            BaseAddress = _sandbox.BaseAddress,
        };
        _client = new GmailClient(_http, _time);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_NewThenReply_LandsInTheSameThreadAndMetadataShowsGmailsMessageId()
    {
        var first = await _client.SendAsync(ToRaw(Compose("Quick question")), null, Ct);
        var firstMeta = await _client.GetMessageAsync(first.Id, MessageFormat.Metadata, ["Message-ID", "Subject"], Ct);
        var reply = await _client.SendAsync(ToRaw(Compose("Re: Quick question", inReplyTo: firstMeta.GetHeader("Message-ID"))), first.ThreadId, Ct);

        first.HasLabel("SENT").ShouldBeTrue();
        firstMeta.GetHeader("Subject").ShouldBe("Quick question");
        firstMeta.GetHeader("Message-ID").ShouldNotBeNullOrEmpty();
        reply.ThreadId.ShouldBe(first.ThreadId);
    }

    [Fact]
    public async Task SendAsync_SixMegabyteAttachment_GoesThroughUploadAndArrivesWhole()
    {
        var message = Compose("The deck");
        var attachment = new byte[6 * 1024 * 1024];
        new Random(7).NextBytes(attachment);
        var builder = new BodyBuilder { TextBody = "Attached." };
        builder.Attachments.Add("deck.bin", attachment, new ContentType("application", "octet-stream"));
        message.Body = builder.ToMessageBody();

        var sent = await _client.SendAsync(ToRaw(message), null, Ct);
        var full = await _client.GetMessageAsync(sent.Id, MessageFormat.Full, null, Ct);

        sent.HasLabel("SENT").ShouldBeTrue();
        full.GetHeader("Subject").ShouldBe("The deck");
        full.SizeEstimate!.Value.ShouldBeGreaterThan(GmailClient.SimpleUploadLimit);
        var part = full.Payload!.Parts!.Single(p => p.Filename == "deck.bin");
        part.Body!.Size.ShouldBe(attachment.Length);
    }

    [Fact]
    public async Task ListMessagesAsync_MaxResultsTwo_PagesThroughThreeSends()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await _client.SendAsync(ToRaw(Compose("Paging " + i)), null, Ct)).Id);
        }

        var first = await _client.ListMessagesAsync(null, ["SENT"], false, null, 2, Ct);
        var second = await _client.ListMessagesAsync(null, ["SENT"], false, first.NextPageToken, 2, Ct);
        var all = new List<string>();
        await foreach (var message in _client.ListAllMessagesAsync("in:sent", null, Ct))
        {
            all.Add(message.Id);
        }

        first.Messages!.Count.ShouldBe(2);
        first.NextPageToken.ShouldNotBeNull();
        second.Messages!.Count.ShouldBe(1);
        second.NextPageToken.ShouldBeNull();
        first.Messages.Concat(second.Messages).Select(m => m.Id).ShouldBe(ids, ignoreOrder: true);
        all.ShouldBe(ids, ignoreOrder: true);
    }

    [Fact]
    public async Task ListAllMessagesAsync_Limit_StopsEarly()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.SendAsync(ToRaw(Compose("Limit " + i)), null, Ct);
        }

        var count = 0;
        await foreach (var _ in _client.ListAllMessagesAsync("in:sent", 2, Ct))
        {
            count++;
        }

        count.ShouldBe(2);
    }

    [Fact]
    public async Task ListThreadsAsync_MaxResultsTwo_ReturnsThreadsWithSnippetsAndAToken()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.SendAsync(ToRaw(Compose("Thread " + i)), null, Ct);
        }

        var page = await _client.ListThreadsAsync("in:sent", null, 2, Ct);
        var rest = await _client.ListThreadsAsync("in:sent", page.NextPageToken, 2, Ct);

        page.Threads!.Count.ShouldBe(2);
        page.Threads.ShouldAllBe(t => t.HistoryId > 0);
        page.Threads.ShouldAllBe(t => t.Snippet != null);
        rest.Threads!.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Drafts_CreateGetListSend_DraftIsGoneAndTheMessageSent()
    {
        var draft = await _client.CreateDraftAsync(ToRaw(Compose("Draft to send")), null, Ct);
        var fetched = await _client.GetDraftAsync(draft.Id, MessageFormat.Metadata, Ct);
        var list = await _client.ListDraftsAsync(null, 10, Ct);

        var sent = await _client.SendDraftAsync(draft.Id, Ct);

        draft.Message!.HasLabel("DRAFT").ShouldBeTrue();
        fetched.Id.ShouldBe(draft.Id);
        fetched.Message!.GetHeader("Subject").ShouldBe("Draft to send");
        list.Drafts.ShouldNotBeNull().Select(d => d.Id).ShouldContain(draft.Id);
        sent.HasLabel("SENT").ShouldBeTrue();
        var gone = await Should.ThrowAsync<GmailApiException>(() => _client.GetDraftAsync(draft.Id, MessageFormat.Minimal, Ct));
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteDraftAsync_Existing_RemovesItForGood()
    {
        var draft = await _client.CreateDraftAsync(ToRaw(Compose("Draft to drop")), null, Ct);

        await _client.DeleteDraftAsync(draft.Id, Ct);

        var ex = await Should.ThrowAsync<GmailApiException>(() => _client.GetDraftAsync(draft.Id, MessageFormat.Minimal, Ct));
        ex.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ex.IsTransient.ShouldBeFalse();
        (await _client.ListDraftsAsync(null, null, Ct)).Drafts.ShouldBeNull();
    }

    [Fact]
    public async Task ModifyMessageAsync_StarAndListHistory_ReportsLabelAdded()
    {
        var sent = await _client.SendAsync(ToRaw(Compose("Star me")), null, Ct);
        var checkpoint = (await _client.GetProfileAsync(Ct)).HistoryId;

        var modified = await _client.ModifyMessageAsync(sent.Id, ["STARRED"], null, Ct);
        var history = await _client.ListHistoryAsync(checkpoint, [GmailHistoryType.LabelAdded], null, null, Ct);
        var pages = new List<GmailHistoryList>();
        await foreach (var page in _client.ListAllHistoryAsync(checkpoint, [GmailHistoryType.LabelAdded], "STARRED", Ct))
        {
            pages.Add(page);
        }

        modified.HasLabel("STARRED").ShouldBeTrue();
        var change = history.History.ShouldNotBeNull().SelectMany(h => h.LabelsAdded ?? []).ShouldHaveSingleItem();
        change.Message.Id.ShouldBe(sent.Id);
        change.LabelIds.ShouldBe(["STARRED"]);
        history.HistoryId.ShouldBeGreaterThan(checkpoint);
        pages.SelectMany(p => p.History ?? []).SelectMany(h => h.LabelsAdded ?? []).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ListHistoryAsync_MessageAddedOnSent_ExcludesLabelChanges()
    {
        var checkpoint = (await _client.GetProfileAsync(Ct)).HistoryId;
        var sent = await _client.SendAsync(ToRaw(Compose("Added")), null, Ct);
        await _client.ModifyMessageAsync(sent.Id, ["STARRED"], null, Ct);

        var history = await _client.ListHistoryAsync(checkpoint, [GmailHistoryType.MessageAdded], "SENT", null, Ct);

        var records = history.History.ShouldNotBeNull();
        records.SelectMany(h => h.MessagesAdded ?? []).ShouldHaveSingleItem().Message.Id.ShouldBe(sent.Id);
        records.ShouldAllBe(h => h.LabelsAdded == null);
    }

    [Fact]
    public async Task Labels_ListAndCreate_NewLabelIsListed()
    {
        var before = await _client.ListLabelsAsync(Ct);
        var created = await _client.CreateLabelAsync("Nudge/Replied", Ct);
        var after = await _client.ListLabelsAsync(Ct);

        before.Select(l => l.Id).ShouldContain("SENT");
        before.Single(l => l.Id == "INBOX").Type.ShouldBe("system");
        created.Name.ShouldBe("Nudge/Replied");
        created.Type.ShouldBe("user");
        after.Select(l => l.Id).ShouldContain(created.Id);
    }

    [Fact]
    public async Task ListSendAsAsync_PlainMailbox_IsThePrimaryAddress()
    {
        var sendAs = await _client.ListSendAsAsync(Ct);

        var primary = sendAs.ShouldHaveSingleItem();
        primary.SendAsEmail.ShouldBe(Email);
        primary.IsPrimary.ShouldBeTrue();
        primary.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public async Task WatchAsync_ThenStop_ExpiresInSevenDays()
    {
        var profile = await _client.GetProfileAsync(Ct);

        var watch = await _client.WatchAsync("projects/nudge-test/topics/gmail", ["INBOX"], Ct);
        await _client.StopAsync(Ct);

        watch.HistoryId.ShouldBe(profile.HistoryId);
        watch.ExpiresAt.ShouldBe(_time.GetUtcNow().AddDays(7));
    }

    [Fact]
    public async Task WatchAsync_BadTopic_IsInvalidArgument()
    {
        var ex = await Should.ThrowAsync<GmailApiException>(() => _client.WatchAsync("gmail", null, Ct));

        ex.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ex.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public async Task BatchGetMetadataAsync_ThreeKnownAndOneUnknown_ReturnsThreeMessagesAndOne404()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await _client.SendAsync(ToRaw(Compose("Batch " + i)), null, Ct)).Id);
        }

        ids.Insert(1, "ffffffffffffffff");

        var results = await _client.BatchGetMetadataAsync(ids, ["Subject", "Message-ID"], Ct);

        results.Select(r => r.Id).ShouldBe(ids);
        results.Count(r => r.IsSuccess).ShouldBe(3);
        results[0].Message!.GetHeader("Subject").ShouldBe("Batch 0");
        results[0].Message!.GetHeader("Message-ID").ShouldNotBeNull();
        results[0].Message!.GetHeader("To").ShouldBeNull("only the asked headers come back");
        var unknown = results[1];
        unknown.Message.ShouldBeNull();
        unknown.Error!.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Error.Reason.ShouldBe("notFound");
    }

    [Fact]
    public async Task GetMessageAsync_Unknown_ThrowsNotFound()
    {
        var ex = await Should.ThrowAsync<GmailApiException>(() => _client.GetMessageAsync("ffffffffffffffff", MessageFormat.Minimal, null, Ct));

        ex.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ex.Reason.ShouldBe("notFound");
    }

    // The sandbox tests' message and Nudge's own base64url encoder: the client is what is under test here.
    private static MimeMessage Compose(string subject, string? inReplyTo = null) =>
        SandboxSession.Compose(subject, inReplyTo: inReplyTo, from: Email);

    private static string ToRaw(MimeMessage message) => MessageComposer.ToRaw(message);
}
