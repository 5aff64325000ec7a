using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>
/// A started sandbox with one mailbox and a plain <see cref="HttpClient"/> authenticated as it. The tests speak raw
/// HTTP and read raw JSON, so they check the wire contract and not any Nudge client's view of it.
/// </summary>
internal sealed class SandboxSession : IAsyncDisposable
{
    public const string Email = "sam@acme.example";

    private SandboxSession(GmailSandbox sandbox, SandboxMailbox mailbox, FakeTimeProvider time)
    {
        Sandbox = sandbox;
        Mailbox = mailbox;
        Time = time;
        Http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", mailbox.AccessToken);
    }

    public GmailSandbox Sandbox { get; }

    public SandboxMailbox Mailbox { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<SandboxSession> StartAsync(
        string? dataPath = null, FakeTimeProvider? time = null, Action<GmailSandboxOptions>? configure = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var options = new GmailSandboxOptions { TimeProvider = time, DataPath = dataPath };
        configure?.Invoke(options);
        var sandbox = await GmailSandbox.StartAsync(options, TestContext.Current.CancellationToken);
        return new SandboxSession(sandbox, sandbox.AddMailbox(Email), time);
    }

    public static MimeMessage Compose(string subject, string to = "pat@example.org", string? inReplyTo = null, string from = Email)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("client.example");
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }

        message.Body = new TextPart("plain") { Text = "Hello from the tests." };
        return message;
    }

    /// <summary>Encodes a message as Gmail's <c>raw</c>: url-safe base64 without padding.</summary>
    public static string ToRaw(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return Convert.ToBase64String(buffer.ToArray()).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }

    public Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(MimeMessage message, string? threadId = null) =>
        PostAsync("gmail/v1/users/me/messages/send", RawBody(message, threadId));

    public Task<(HttpStatusCode Status, JsonElement Json)> ImportAsync(MimeMessage message, string? threadId = null) =>
        PostAsync("gmail/v1/users/me/messages/import", RawBody(message, threadId));

    public async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>Sends a message and returns its Gmail id, thread id and the Message-ID Gmail gave it.</summary>
    public async Task<(string Id, string ThreadId, string MessageId)> SendAndReadBackAsync(MimeMessage message, string? threadId = null)
    {
        var (status, json) = await SendAsync(message, threadId);
        status.ShouldBe(HttpStatusCode.OK);
        var id = json.GetProperty("id").GetString()!;
        return (id, json.GetProperty("threadId").GetString()!, await MessageIdHeaderAsync(id));
    }

    public async Task<string> MessageIdHeaderAsync(string id)
    {
        var (_, json) = await GetAsync($"gmail/v1/users/me/messages/{id}?format=metadata&metadataHeaders=Message-ID");
        return json.GetProperty("payload").GetProperty("headers").EnumerateArray()
            .Single(h => string.Equals(h.GetProperty("name").GetString(), "Message-ID", StringComparison.OrdinalIgnoreCase))
            .GetProperty("value").GetString()!;
    }

    public async Task<string> HistoryIdAsync()
    {
        var (_, json) = await GetAsync("gmail/v1/users/me/profile");
        return json.GetProperty("historyId").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Sandbox.DisposeAsync();
    }

    private static string RawBody(MimeMessage message, string? threadId) =>
        threadId is null
            ? JsonSerializer.Serialize(new Dictionary<string, string> { ["raw"] = ToRaw(message) })
            : JsonSerializer.Serialize(new Dictionary<string, string> { ["raw"] = ToRaw(message), ["threadId"] = threadId });

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
