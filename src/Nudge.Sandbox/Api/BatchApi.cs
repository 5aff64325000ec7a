using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using Nudge.Sandbox.Errors;

namespace Nudge.Sandbox.Api;

/// <summary>
/// The batch endpoint (<c>/batch/gmail/v1</c> and <c>/batch</c>, GMAIL-FACTS §8). Each <c>application/http</c> part is
/// replayed as a real HTTP request to the sandbox itself, so authentication, scopes, quotas and faults apply per part
/// exactly as they would to a lone call; the answers come back in order in one <c>multipart/mixed</c> body.
/// </summary>
internal static class BatchApi
{
    private const int MaxParts = 100;
    private static readonly string[] SkippedResponseHeaders = ["Date", "Server", "Transfer-Encoding", "Content-Length", "Connection"];
    private static readonly string[] SkippedRequestHeaders = ["Host", "Content-Length", "Transfer-Encoding", "Connection"];

    public static void MapBatchApi(this WebApplication app)
    {
        // Proxies from the environment must never see loopback calls, and nothing is redirected or cookied.
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false });
        app.Lifetime.ApplicationStopped.Register(client.Dispose);

        Func<HttpContext, Task<IResult>> batch = http => ExecuteAsync(http, client);
        app.MapPost("batch/gmail/v1", batch);
        app.MapPost("batch", batch);
    }

    private static async Task<IResult> ExecuteAsync(HttpContext http, HttpClient client)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType, "multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            return GoogleErrors.BadRequest("Invalid batch request: the Content-Type must be multipart/mixed with a boundary.");
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var framed = Encoding.ASCII.GetBytes("Content-Type: " + http.Request.ContentType + "\r\n\r\n").Concat(body.ToArray()).ToArray();
        Multipart? multipart;
        using (var stream = new MemoryStream(framed, writable: false))
        {
            multipart = await MimeEntity.LoadAsync(stream, http.RequestAborted) as Multipart;
        }

        var parts = multipart?.OfType<MimePart>().ToList() ?? [];
        if (parts.Count == 0)
        {
            return GoogleErrors.BadRequest("Invalid batch request: it contains no parts.");
        }

        if (parts.Count > MaxParts)
        {
            // Gmail documents the limit ("limited to 100 calls in a single batch request"); the wording is a guess.
            return GoogleErrors.BadRequest("Too many requests in a batch: at most 100 calls are allowed.");
        }

        var baseAddress = new Uri("http://127.0.0.1:" + http.Connection.LocalPort.ToString(CultureInfo.InvariantCulture) + "/");
        var boundary = "batch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var output = new MemoryStream();
        foreach (var part in parts)
        {
            var responseId = part.Headers["Content-ID"] is { Length: > 0 } id ? ResponseContentId(id.Trim()) : null;
            var response = await ReplayAsync(part, http, client, baseAddress);
            WriteAscii(output, "--" + boundary + "\r\nContent-Type: application/http\r\n");
            if (responseId is not null)
            {
                WriteAscii(output, "Content-ID: " + responseId + "\r\n");
            }

            WriteAscii(output, "\r\n");
            output.Write(response);
            WriteAscii(output, "\r\n");
        }

        WriteAscii(output, "--" + boundary + "--\r\n");
        return Results.Bytes(output.ToArray(), "multipart/mixed; boundary=" + boundary);
    }

    // <item1:x@y> answers as <response-item1:x@y>; an unbracketed id as response-id.
    private static string ResponseContentId(string id) =>
        id.StartsWith('<') && id.EndsWith('>') ? "<response-" + id[1..] : "response-" + id;

    private static async Task<byte[]> ReplayAsync(MimePart part, HttpContext outer, HttpClient client, Uri baseAddress)
    {
        using var content = new MemoryStream();
        if (part.Content is not null)
        {
            await part.Content.DecodeToAsync(content, outer.RequestAborted);
        }

        if (ParseRequest(content.ToArray(), baseAddress, outer.Request.Headers.Authorization.ToString()) is not { } request)
        {
            return Serialize(400, [], Encoding.UTF8.GetBytes("Invalid batch part: expected an HTTP request line such as 'GET /gmail/v1/users/me/profile'."));
        }

        using (request)
        {
            using var response = await client.SendAsync(request, outer.RequestAborted);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Where(h => !SkippedResponseHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .Select(h => (h.Key, string.Join(", ", h.Value)))
                .ToList();
            var bytes = await response.Content.ReadAsByteArrayAsync(outer.RequestAborted);
            return Serialize((int)response.StatusCode, headers, bytes);
        }
    }

    private static HttpRequestMessage? ParseRequest(byte[] bytes, Uri baseAddress, string outerAuthorization)
    {
        var (headEnd, bodyStart) = FindHeadEnd(bytes);
        var lines = Encoding.UTF8.GetString(bytes, 0, headEnd).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        var requestLine = lines.Count > 0 ? lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (requestLine.Length < 2)
        {
            return null;
        }

        // Clients send a path-only target; some (the .NET client) send an absolute URL; both mean our own path.
        var target = Uri.TryCreate(requestLine[1], UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? absolute.PathAndQuery
            : requestLine[1];
        if (!target.StartsWith('/'))
        {
            return null;
        }

        var request = new HttpRequestMessage(new HttpMethod(requestLine[0].ToUpperInvariant()), new Uri(baseAddress, target));
        var body = bytes.AsSpan(bodyStart).ToArray();
        var contentHeaders = new List<(string Name, string Value)>();
        var hasAuthorization = false;
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (SkippedRequestHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            hasAuthorization |= string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase);
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                contentHeaders.Add((name, value));
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        // The outer Authorization applies to every part that does not bring its own.
        if (!hasAuthorization && outerAuthorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", outerAuthorization);
        }

        if (body.Length > 0 || contentHeaders.Count > 0)
        {
            request.Content = new ByteArrayContent(body);
            foreach (var (name, value) in contentHeaders)
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    // The head ends at the first blank line after the request line (leading blank lines are skipped).
    private static (int HeadEnd, int BodyStart) FindHeadEnd(byte[] bytes)
    {
        var start = bytes.AsSpan().IndexOfAnyExcept((byte)'\r', (byte)'\n');
        for (var i = Math.Max(start, 0); i < bytes.Length - 1; i++)
        {
            if (bytes[i] != '\n')
            {
                continue;
            }

            if (bytes[i + 1] == '\n')
            {
                return (i, i + 2);
            }

            if (bytes[i + 1] == '\r' && i + 2 < bytes.Length && bytes[i + 2] == '\n')
            {
                return (i, i + 3);
            }
        }

        return (bytes.Length, bytes.Length);
    }

    private static byte[] Serialize(int status, IReadOnlyList<(string Name, string Value)> headers, byte[] body)
    {
        using var buffer = new MemoryStream();
        WriteAscii(buffer, $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {ReasonPhrases.GetReasonPhrase(status)}\r\n");
        if (body.Length > 0 && !headers.Any(h => string.Equals(h.Name, "Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            WriteAscii(buffer, "Content-Type: text/plain; charset=UTF-8\r\n");
        }

        foreach (var (name, value) in headers)
        {
            WriteAscii(buffer, name + ": " + value + "\r\n");
        }

        WriteAscii(buffer, "Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
        buffer.Write(body);
        return buffer.ToArray();
    }

    private static void WriteAscii(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
