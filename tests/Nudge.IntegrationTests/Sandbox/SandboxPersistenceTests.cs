namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxPersistenceTests
{
    [Fact]
    public async Task Restart_WithDataPath_KeepsMessagesThreadsHistoryAndTokens()
    {
        var directory = Directory.CreateTempSubdirectory("nudge-sandbox-");
        try
        {
            var path = Path.Combine(directory.FullName, "state.json");
            string token, id, threadId, messageId, historyId;
            await using (var first = await SandboxSession.StartAsync(path))
            {
                token = first.Mailbox.AccessToken;
                (id, threadId, messageId) = await first.SendAndReadBackAsync(SandboxSession.Compose("Persisted"));
                historyId = await first.HistoryIdAsync();
            }

            await using var second = await SandboxSession.StartAsync(path);

            second.Mailbox.AccessToken.ShouldBe(token);
            (await second.MessageIdHeaderAsync(id)).ShouldBe(messageId);
            (await second.HistoryIdAsync()).ShouldBe(historyId);
            var (_, reply) = await second.SendAsync(SandboxSession.Compose("Re: Persisted", inReplyTo: messageId), threadId);
            reply.GetProperty("threadId").GetString().ShouldBe(threadId);
            reply.GetProperty("id").GetString().ShouldNotBe(id);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Stop_ThenDispose_LeavesNothingListening()
    {
        var session = await SandboxSession.StartAsync();
        var address = session.Sandbox.BaseAddress;
        await session.DisposeAsync();

        using var http = new HttpClient { BaseAddress = address };
        await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync("gmail/v1/users/me/profile", TestContext.Current.CancellationToken));
    }
}
