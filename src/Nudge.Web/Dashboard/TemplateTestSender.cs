using System.Globalization;
using Nudge.Core.Abstractions;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Quota;
using Nudge.Core.Templates;

namespace Nudge.Web.Dashboard;

/// <summary>
/// "Send a test to me" of the templates page: sends a template rendered for a contact from a connected mailbox to one
/// address, as a new thread whose subject says it is a test.
/// </summary>
/// <remarks>
/// A test is a real send: it is charged to the mailbox's quota (units before the call) and recorded as a manual send,
/// so the worker's daily count includes it, and it is refused when the mailbox is paused or has used its daily share.
/// It is sent once; a failure is reported, never retried.
/// </remarks>
public sealed class TemplateTestSender
{
    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly DashboardGmailClients _gmail;

    /// <summary>Creates the sender over the dashboard's Gmail clients.</summary>
    public TemplateTestSender(IEngineStore store, DashboardGmailClients gmail, TimeProvider timeProvider)
    {
        _store = store;
        _gmail = gmail;
        _time = timeProvider;
    }

    /// <summary>Whether this host can send (it has Gmail clients, or the key that decrypts the mailboxes' credentials).</summary>
    public bool CanSend => _gmail.CanUseStoredCredentials;

    /// <summary>Sends <paramref name="body"/> from <paramref name="mailbox"/> to <paramref name="to"/>.</summary>
    /// <param name="mailbox">The sending mailbox.</param>
    /// <param name="to">The address the test goes to.</param>
    /// <param name="templateName">The template's name, for the subject of a reply template (which has none).</param>
    /// <param name="body">The rendered template.</param>
    /// <param name="cancellationToken">Cancels the quota check; the send itself, once started, is not cancelled.</param>
    /// <returns><see langword="null"/> when sent; otherwise why not.</returns>
    public async Task<string?> SendAsync(Mailbox mailbox, string to, string templateName, RenderedMessage body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(body);
        if (!CanSend)
        {
            return "This host cannot send: start it with nudge serve, which has the mailboxes' credential key.";
        }

        if (mailbox.Status == MailboxStatus.Paused)
        {
            return $"{mailbox.Email} is paused ({mailbox.PausedReason ?? "no reason given"}): resume it on the mailboxes page first.";
        }

        var governor = new QuotaGovernor(_store, _time);
        var usage = await governor.GetUsageAsync(mailbox, cancellationToken);
        if (usage.SendsInWindow >= usage.DailyShare)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{mailbox.Email} has sent {usage.SendsInWindow} of its {usage.DailyShare} messages in the last 24 hours: the test would take a sequence's place.");
        }

        var units = await governor.TryChargeAsync(mailbox, GmailCall.SendMessage, 1, cancellationToken);
        if (!units.IsAllowed)
        {
            return $"{mailbox.Email} has no API quota left this minute: try again after {units.NotBefore:HH:mm:ss} UTC.";
        }

        var now = _time.GetUtcNow();
        var subject = "[Test] " + (body.Subject ?? $"{templateName} (a reply: in its thread it keeps the thread's subject)");
        var mime = MessageComposer.Compose(new OutgoingMessage(mailbox.DisplayName, mailbox.Email, null, to, subject, body,
            MessageComposer.NewMessageId(mailbox.Email), now, null, [], "test." + Guid.NewGuid().ToString("N")));
        try
        {
            var sent = await _gmail.Clients.Create(mailbox).SendAsync(MessageComposer.ToRaw(mime), null, CancellationToken.None);
            await _store.RecordManualSendAsync(mailbox.Id, sent.Id, now, CancellationToken.None);
            return null;
        }
        catch (GmailApiException ex)
        {
            return ex.IsAmbiguous
                ? $"Gmail did not answer whether the test went out ({ex.Message}); look in {mailbox.Email}'s Sent folder before sending again."
                : $"Gmail refused the test: {ex.Message}";
        }
        catch (MailboxAuthorizationException ex)
        {
            return $"{mailbox.Email} cannot sign in: {ex.Message}";
        }
    }

}
