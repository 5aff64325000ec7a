using Nudge.Core.Enrollments;
using Nudge.Core.Messages;

namespace Nudge.IntegrationTests.Examples;

/// <summary>
/// Enrolling into a thread Nudge did not start while the worker is already running: the message that made the thread
/// (the customer's request, the invoice) predates the enrollment and is neither the contact's reply nor a teammate's.
/// </summary>
public class ExistingThreadEnrollmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enroll_SupportRequestArrivedAfterTheLastSync_AcknowledgesAndFollowsUp()
    {
        var start = new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero);
        await using var example = await ExampleRunner.StartAsync("support-follow-up", start, "Acme Support", Ct);
        await example.RunUntilAsync(start.AddMinutes(1), Ct); // nudge run is already running: checkpoint set
        var nora = await example.ImportMessageFileAsync("inbox/nora-export.eml", ["INBOX", "UNREAD"], Ct);
        (await example.EnrollAsync("nora@brightdesk.example", new Dictionary<string, string> { ["first_name"] = "Nora" }, Ct,
            threadId: nora.ThreadId)).Rejection.ShouldBeNull();
        await example.RunUntilAsync(start.AddDays(2), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(await example.TimelineAsync(Ct));
        var outcome = await example.ContactAsync("nora@brightdesk.example", Ct);
        outcome.StepsSent.ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Enroll_InvoiceSentAfterTheLastSync_TheInvoiceIsNotTakenForATeammatesReply()
    {
        var start = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        await using var example = await ExampleRunner.StartAsync("invoice-reminders", start, "Acme Billing", Ct);
        await example.RunUntilAsync(start.AddMinutes(1), Ct);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(example.Folder, "invoices/invoice-1042.eml"), Ct);
        var sent = await example.MailboxClient.SendAsync(Base64Url.Encode(bytes), null, Ct);
        var contact = (await example.ReadContactsAsync(Ct)).First(c => c.Fields["invoice"] == "1042");
        (await example.EnrollAsync(contact.Email, contact.Fields, Ct, threadQuery: "in:sent subject:\"Invoice 1042 from Acme\"")).Rejection.ShouldBeNull();
        await example.RunUntilAsync(start.AddDays(10), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(await example.TimelineAsync(Ct));
        var outcome = await example.ContactAsync(contact.Email, Ct);
        outcome.Enrollment.Status.ShouldBe(EnrollmentStatus.Active);
        outcome.StepsSent.ShouldBe([1]);
    }
}
