using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Observability;

/// <summary>
/// Admin endpoints under <c>/sandbox/</c>, for tests, dashboards and people watching a run: stats, creating a mailbox,
/// a mailbox's stored messages, revoking its refresh tokens, the installed-app OAuth client, and the fault spec. They take no Gmail token: the sandbox binds 127.0.0.1 only, so only
/// local processes can reach them.
/// </summary>
internal static class SandboxAdminApi
{
    public static void MapSandboxAdminApi(this WebApplication app, SandboxState state, SandboxMetrics metrics)
    {
        app.MapGet("sandbox/stats", () => Results.Json(Stats(state, metrics), AdminJson.Relaxed.StatsResponse));
        Func<HttpContext, Task<IResult>> create = http => CreateMailboxAsync(http, state);
        app.MapPost("sandbox/mailboxes", create);
        app.MapGet("sandbox/oauth-client", (HttpContext http) => Results.Json(
            new OAuthClientInfo(
                state.Options.OAuthClientId,
                state.Options.OAuthClientSecret,
                new Uri(Root(http), Auth.AuthorizeApi.Path.TrimStart('/')).ToString(),
                new Uri(Root(http), "token").ToString(),
                ["http://127.0.0.1", "http://localhost"]),
            AdminJson.Relaxed.OAuthClientInfo));
        app.MapGet("sandbox/mailboxes/{email}/messages", (string email) => Messages(state, email));
        app.MapPost("sandbox/mailboxes/{email}/revoke", (string email) => Revoke(state, email));
        app.MapGet("sandbox/faults", () => Results.Json(
            new FaultsBody { Spec = state.Options.Faults?.ToString() ?? "" }, AdminJson.Relaxed.FaultsBody));
        Func<HttpContext, Task<IResult>> putFaults = http => PutFaultsAsync(http, state.Options);
        app.MapPut("sandbox/faults", putFaults);
    }

    private static StatsResponse Stats(SandboxState state, SandboxMetrics metrics)
    {
        var response = new StatsResponse
        {
            QuotaRegime = state.Options.QuotaRegime.ToString(),
            Errors = metrics.Errors(),
            DroppedConnections = metrics.DroppedConnections,
        };
        foreach (var mailbox in state.AllMailboxes())
        {
            var stats = new MailboxStats { Email = mailbox.Email, Kind = mailbox.Grant.Kind.ToString() };
            metrics.Fill(stats);
            response.Mailboxes.Add(stats);
            response.Duplicates.AddRange(Duplicates(mailbox));
        }

        return response;
    }

    // A client that resends after an ambiguous failure leaves two SENT messages with the same recipients, subject and
    // body; the Message-ID and Date differ, so they are left out of the comparison.
    private static IEnumerable<DuplicateSend> Duplicates(MailboxState mailbox)
    {
        List<StoredMessage> sent;
        lock (mailbox.Gate)
        {
            sent = mailbox.Messages.Where(m => m.LabelIds.Contains(SystemLabels.Sent)).ToList();
        }

        return sent
            .OrderBy(m => m.InternalDate)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => (Message: m, Recipients: Recipients(m)))
            .GroupBy(x => (string.Join(",", x.Recipients), x.Message.Facts.Subject, NormalizeBody(x.Message.Facts.BodyText)))
            .Where(g => g.Count() > 1)
            .Select(g => new DuplicateSend
            {
                Email = mailbox.Email,
                Subject = g.Key.Subject,
                Recipients = g.First().Recipients,
                Ids = g.Select(x => x.Message.Id).ToList(),
            });
    }

    private static List<string> Recipients(StoredMessage message)
    {
        var mime = MimeInspector.Parse(message.Raw);
        return mime.To.Mailboxes.Concat(mime.Cc.Mailboxes).Concat(mime.Bcc.Mailboxes)
            .Select(m => m.Address.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string NormalizeBody(string body) => string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static IResult Messages(SandboxState state, string email)
    {
        if (state.FindByEmail(email) is not { } mailbox)
        {
            return GoogleErrors.NotFound();
        }

        List<StoredMessage> messages;
        lock (mailbox.Gate)
        {
            messages = [.. mailbox.Messages];
        }

        var response = new StoredMessagesResponse { Email = mailbox.Email };
        foreach (var message in messages.OrderBy(m => m.InternalDate).ThenBy(m => m.Id, StringComparer.Ordinal))
        {
            var mime = MimeInspector.Parse(message.Raw);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (id, name) in new[] { (HeaderId.From, "From"), (HeaderId.To, "To"), (HeaderId.Subject, "Subject"), (HeaderId.MessageId, "Message-ID") })
            {
                if (mime.Headers[id] is { } value)
                {
                    headers[name] = value.Trim();
                }
            }

            response.Messages.Add(new StoredMessageView
            {
                Id = message.Id,
                ThreadId = message.ThreadId,
                LabelIds = [.. message.LabelIds],
                InternalDate = message.InternalDate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Headers = headers,
                Raw = Base64Url.Encode(message.Raw, pad: true),
            });
        }

        return Results.Json(response, AdminJson.Relaxed.StoredMessagesResponse);
    }

    private static IResult Revoke(SandboxState state, string email)
    {
        if (state.FindByEmail(email) is not { } mailbox)
        {
            return GoogleErrors.NotFound();
        }

        // The user removes every app's access: the mailbox's own client and each consent to the installed-app client.
        mailbox.Grant.Revoked = true;
        lock (mailbox.Gate)
        {
            foreach (var grant in mailbox.ConsentGrants)
            {
                grant.Revoked = true;
            }
        }

        state.Tokens.RevokeMinted(mailbox);
        state.Save();
        return Results.NoContent();
    }

    private static async Task<IResult> CreateMailboxAsync(HttpContext http, SandboxState state)
    {
        CreateMailboxBody? body = null;
        if (http.Request.ContentLength is not 0)
        {
            try
            {
                body = await http.Request.ReadFromJsonAsync(AdminJson.Relaxed.CreateMailboxBody, http.RequestAborted);
            }
            catch (JsonException e)
            {
                return BadRequest("The body must be JSON like {\"email\":\"you@example.com\",\"kind\":\"gmail\"}: " + e.Message);
            }
            catch (InvalidOperationException e)
            {
                return BadRequest(e.Message);
            }
        }

        body ??= new CreateMailboxBody();
        SandboxAccountKind kind;
        switch (body.Kind?.Trim().ToLowerInvariant())
        {
            case null or "" or "gmail":
                kind = SandboxAccountKind.Gmail;
                break;
            case "workspace":
                kind = SandboxAccountKind.Workspace;
                break;
            default:
                return BadRequest($"\"kind\" must be \"gmail\" or \"workspace\", not \"{body.Kind}\".");
        }

        if (body.Scopes is { } scopes && scopes.FirstOrDefault(s => SandboxScopes.Normalize(s) is null) is { } badScope)
        {
            return BadRequest($"\"scopes\" has '{badScope}', which is not a Gmail OAuth scope.");
        }

        MailboxState mailbox;
        if (body.Email is null)
        {
            // A fresh address: the first free sandbox-N, retried if another request takes it first.
            var n = state.AllMailboxes().Count + 1;
            while (!state.TryAddMailbox($"sandbox-{n}@sandbox.example", kind, body.Scopes, out mailbox))
            {
                n++;
            }
        }
        else
        {
            var email = body.Email.Trim();
            if (!IsAddress(email))
            {
                return BadRequest($"\"email\" must be an email address such as you@example.com, not \"{body.Email}\".");
            }

            if (!state.TryAddMailbox(email, kind, body.Scopes, out mailbox))
            {
                return Results.Json(
                    new AdminError($"A mailbox {mailbox.Email} already exists."), AdminJson.Relaxed.AdminError, statusCode: StatusCodes.Status409Conflict);
            }
        }

        var root = Root(http);
        var grant = mailbox.Grant;
        return Results.Json(
            new MailboxCredentials(
                mailbox.Email,
                root.ToString(),
                new Uri(root, "token").ToString(),
                mailbox.AccessToken,
                grant.RefreshToken,
                grant.ClientId,
                grant.ClientSecret,
                grant.Kind.ToString().ToLowerInvariant()),
            AdminJson.Relaxed.MailboxCredentials,
            statusCode: StatusCodes.Status201Created);
    }

    // A bare address only: no display name, no comments, no surrounding text.
    private static bool IsAddress(string email) =>
        email.Length <= 254
        && !email.Any(char.IsWhiteSpace)
        && System.Net.Mail.MailAddress.TryCreate(email, out var parsed)
        && string.Equals(parsed.Address, email, StringComparison.Ordinal)
        && parsed.DisplayName.Length == 0
        && parsed.Host.Length > 0;

    // The address the client used to reach the sandbox, e.g. http://127.0.0.1:41234/.
    private static Uri Root(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}/");

    private static async Task<IResult> PutFaultsAsync(HttpContext http, GmailSandboxOptions options)
    {
        FaultsBody? body;
        try
        {
            body = await http.Request.ReadFromJsonAsync(AdminJson.Relaxed.FaultsBody, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return BadRequest("The body must be JSON like {\"spec\":\"error=0.05\"}: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            return BadRequest(e.Message);
        }

        if (body?.Spec is not { } spec)
        {
            return BadRequest("The body must be JSON like {\"spec\":\"error=0.05\"}; {\"spec\":\"\"} turns faults off.");
        }

        SandboxFaults faults;
        try
        {
            faults = SandboxFaults.Parse(spec);
        }
        catch (FormatException e)
        {
            return BadRequest(e.Message);
        }

        options.Faults = faults.IsEmpty ? null : faults;
        return Results.Json(new FaultsBody { Spec = options.Faults?.ToString() ?? "" }, AdminJson.Relaxed.FaultsBody);
    }

    private static IResult BadRequest(string message) =>
        Results.Json(new AdminError(message), AdminJson.Relaxed.AdminError, statusCode: StatusCodes.Status400BadRequest);
}
