using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MimeKit;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxBatchTests
{
    [Fact]
    public async Task Batch_TwoGets_AnswersEachPartInOrderWithResponseContentIds()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Batched"));

        var (status, contentType, parts) = await BatchAsync(
            session,
            "batch/gmail/v1",
            ("<item1:abc@example>", $"GET /gmail/v1/users/me/messages/{sent.Id()}?format=minimal\r\n"),
            ("<item2:abc@example>", "GET /gmail/v1/users/me/profile\r\n"));

        status.ShouldBe(HttpStatusCode.OK);
        contentType.ShouldStartWith("multipart/mixed; boundary=");
        parts.Count.ShouldBe(2);
        parts[0].ContentId.ShouldBe("<response-item1:abc@example>");
        parts[0].Status.ShouldBe(200);
        JsonDocument.Parse(parts[0].Body).RootElement.Id().ShouldBe(sent.Id());
        parts[1].ContentId.ShouldBe("<response-item2:abc@example>");
        JsonDocument.Parse(parts[1].Body).RootElement.GetProperty("emailAddress").GetString().ShouldBe(SandboxSession.Email);
    }

    [Fact]
    public async Task Batch_PartWithOwnBadAuthorization_FailsThatPartOnlyWith401()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, _, parts) = await BatchAsync(
            session,
            "batch",
            ("1", "GET /gmail/v1/users/me/profile\r\nAuthorization: Bearer nope\r\n"),
            ("2", "GET /gmail/v1/users/me/messages/ffffffffffffffff\r\n"));

        status.ShouldBe(HttpStatusCode.OK);
        parts[0].ContentId.ShouldBe("response-1");
        parts[0].Status.ShouldBe(401);
        JsonDocument.Parse(parts[0].Body).RootElement.GetProperty("error").GetProperty("status").GetString().ShouldBe("UNAUTHENTICATED");
        parts[1].Status.ShouldBe(404);
    }

    [Fact]
    public async Task Batch_PostPartWithJsonBody_IsExecuted()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Star me"));
        var body = GmailCalls.Json(new { addLabelIds = new[] { "STARRED" } });

        var (_, _, parts) = await BatchAsync(
            session,
            "batch/gmail/v1",
            ("a", $"POST /gmail/v1/users/me/messages/{sent.Id()}/modify\r\nContent-Type: application/json\r\n\r\n{body}"));

        parts.Single().Status.ShouldBe(200);
        JsonDocument.Parse(parts[0].Body).RootElement.Labels().ShouldContain("STARRED");
    }

    [Fact]
    public async Task Batch_AbsoluteUrlInPart_IsTreatedAsPath()
    {
        await using var session = await SandboxSession.StartAsync();

        var (_, _, parts) = await BatchAsync(
            session, "batch/gmail/v1", ("x", "GET https://gmail.googleapis.com/gmail/v1/users/me/profile HTTP/1.1\r\n"));

        parts.Single().Status.ShouldBe(200);
    }

    [Fact]
    public async Task Batch_101Parts_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();
        var requests = Enumerable.Range(0, 101).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), "GET /gmail/v1/users/me/profile\r\n")).ToArray();

        var (status, _, _) = await BatchAsync(session, "batch/gmail/v1", requests);

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batch_NotMultipart_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, _) = await session.PostAsync("batch/gmail/v1", "{}");

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<(HttpStatusCode Status, string ContentType, List<(string? ContentId, int Status, string Body)> Parts)> BatchAsync(
        SandboxSession session, string path, params (string ContentId, string Request)[] requests)
    {
        const string boundary = "batch_test_boundary";
        var body = new StringBuilder();
        foreach (var (contentId, request) in requests)
        {
            body.Append("--").Append(boundary).Append("\r\nContent-Type: application/http\r\nContent-ID: ")
                .Append(contentId).Append("\r\n\r\n").Append(request).Append("\r\n");
        }

        body.Append("--").Append(boundary).Append("--\r\n");
        using var content = new StringContent(body.ToString(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={boundary}");
        using var response = await session.Http.PostAsync(path, content, TestContext.Current.CancellationToken);
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "";
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        if (!contentType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            return (response.StatusCode, contentType, []);
        }

        using var stream = new MemoryStream([.. Encoding.ASCII.GetBytes($"Content-Type: {contentType}\r\n\r\n"), .. bytes]);
        var multipart = (Multipart)MimeEntity.Load(stream);
        var parts = new List<(string?, int, string)>();
        foreach (var part in multipart.OfType<MimePart>())
        {
            part.ContentType.MimeType.ShouldBe("application/http");
            using var decoded = new MemoryStream();
            part.Content!.DecodeTo(decoded);
            var text = Encoding.UTF8.GetString(decoded.ToArray());
            var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            parts.Add((part.Headers["Content-ID"], int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text[(split + 4)..]));
        }

        return (response.StatusCode, contentType, parts);
    }
}
