using System.Text;
using MimeKit;
using Nudge.Core.Rules;
using Nudge.Tests.Core.Classification;

namespace Nudge.Tests.Core.Rules;

public class ReplyGuardTests
{
    private static readonly string[] Own = ["support@acme.example", "help@acme.example"];

    /// <summary>
    /// Corpus human replies that the guard refuses for a reason it states on purpose, when the mailbox is the one the
    /// message was addressed to: both were written by that very mailbox's owner (From or Reply-To is the To address),
    /// and answering our own address is how a loop starts.
    /// </summary>
    private static readonly Dictionary<string, string> DocumentedHumanRefusals = new(StringComparer.Ordinal)
    {
        ["m4634"] = "sender rudeboyjet@gmail.com (Reply-To) is our own address",
        ["m7522"] = "sender jamis@37signals.com (From) is our own address",
    };

    [Fact]
    public void RefusalReason_PersonWritingToSupport_IsNull()
    {
        var message = Person();

        ReplyGuard.RefusalReason(message, Own).ShouldBeNull();
    }

    [Fact]
    public void RefusalReason_HeadersOnly_IsNullForAPerson()
    {
        var message = RuleMatcherTests.Headers("From: Nora <nora@customer.example>", "To: support@acme.example", "Subject: Help");

        ReplyGuard.RefusalReason(message, Own).ShouldBeNull();
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied", "Auto-Submitted: auto-replied")]
    [InlineData("Auto-Submitted", "auto-generated", "Auto-Submitted: auto-generated")]
    [InlineData("Auto-Submitted", "auto-notified; owner-email=\"x@y.example\"", "Auto-Submitted: auto-notified; owner-email=\"x@y.example\"")]
    [InlineData("Auto-Submitted", "", "Auto-Submitted: ")]
    [InlineData("X-Autoreply", "yes", "X-Autoreply: yes")]
    [InlineData("X-Autorespond", "Out of office", "X-Autorespond: Out of office")]
    [InlineData("X-Auto-Response-Suppress", "All", "X-Auto-Response-Suppress: All")]
    [InlineData("X-Auto-Response-Suppress", "OOF", "X-Auto-Response-Suppress: OOF")]
    [InlineData("X-Auto-Response-Suppress", "AutoReply", "X-Auto-Response-Suppress: AutoReply")]
    [InlineData("X-Auto-Response-Suppress", "DR", "X-Auto-Response-Suppress: DR")]
    [InlineData("X-Auto-Response-Suppress", "rn", "X-Auto-Response-Suppress: rn")]
    [InlineData("X-Auto-Response-Suppress", "NDR, NRN", "X-Auto-Response-Suppress: NDR, NRN")]
    [InlineData("Precedence", "bulk", "Precedence: bulk")]
    [InlineData("Precedence", "Junk", "Precedence: Junk")]
    [InlineData("Precedence", "list", "Precedence: list")]
    [InlineData("Precedence", "auto_reply", "Precedence: auto_reply")]
    [InlineData("List-Id", "<announce.acme.example>", "List-Id present (mailing list or newsletter)")]
    [InlineData("List-Unsubscribe", "<mailto:leave@lists.example>", "List-Unsubscribe present (mailing list or newsletter)")]
    [InlineData("List-Post", "<mailto:dev@lists.example>", "List-Post present (mailing list or newsletter)")]
    [InlineData("Feedback-ID", "1:campaign:esp", "Feedback-ID present (bulk sender)")]
    [InlineData("Return-Path", "<>", "Return-Path: <> (a bounce or delivery report)")]
    [InlineData("Return-Path", "< >", "Return-Path: <> (a bounce or delivery report)")]
    [InlineData("X-Nudge-Send-Id", "42-3", "X-Nudge-Send-Id present (a message Nudge sent)")]
    public void RefusalReason_AutomationHeader_RefusesNamingIt(string header, string value, string reason)
    {
        var message = Person((header, value));

        ReplyGuard.RefusalReason(message, Own).ShouldBe(reason);
    }

    [Theory]
    [InlineData("Auto-Submitted", "no")]
    [InlineData("Auto-Submitted", "No (written by a person)")]
    [InlineData("X-Auto-Response-Suppress", "NDR")]
    [InlineData("Precedence", "first-class")]
    [InlineData("Return-Path", "<nora@customer.example>")]
    [InlineData("X-Priority", "1")]
    public void RefusalReason_HeaderThatPeopleSend_IsNull(string header, string value)
    {
        ReplyGuard.RefusalReason(Person((header, value)), Own).ShouldBeNull();
    }

    [Theory]
    [InlineData("noreply@shop.example")]
    [InlineData("no-reply@shop.example")]
    [InlineData("No_Reply@shop.example")]
    [InlineData("donotreply@shop.example")]
    [InlineData("do-not-reply@shop.example")]
    [InlineData("mailer-daemon@mx.example")]
    [InlineData("MAILER-DAEMON@mx.example")]
    [InlineData("postmaster@mx.example")]
    [InlineData("bounce@shop.example")]
    [InlineData("bounces@shop.example")]
    [InlineData("notifications@github.example")]
    [InlineData("notification@shop.example")]
    [InlineData("noreply+abc@shop.example")]
    [InlineData("noreply-abc@shop.example")]
    [InlineData("bounces+list=acme.example@lists.example")]
    [InlineData("postmaster-eu@mx.example")]
    [InlineData("mailer-daemon+x@mx.example")]
    public void RefusalReason_NoReplySender_Refuses(string address)
    {
        var message = Person();
        message.From.Clear();
        message.From.Add(new MailboxAddress("Shop", address));

        ReplyGuard.RefusalReason(message, Own).ShouldBe($"sender {address} (From) does not take replies");
    }

    [Theory]
    [InlineData("Sender")]
    [InlineData("Reply-To")]
    public void RefusalReason_NoReplyInSenderOrReplyTo_Refuses(string header)
    {
        var message = Person((header, "Shop <no-reply@shop.example>"));

        ReplyGuard.RefusalReason(message, Own).ShouldBe($"sender no-reply@shop.example ({header}) does not take replies");
    }

    [Theory]
    [InlineData("norah@customer.example")]
    [InlineData("replies@customer.example")]
    [InlineData("bouncer@customer.example")]
    [InlineData("jo.noreply@customer.example")]
    [InlineData("postmasters-guild@customer.example")]
    public void RefusalReason_SenderMerelyResemblingNoReply_IsNull(string address)
    {
        var message = Person();
        message.From.Clear();
        message.From.Add(new MailboxAddress("Someone", address));

        ReplyGuard.RefusalReason(message, Own).ShouldBeNull();
    }

    [Theory]
    [InlineData("From", "Support <SUPPORT@acme.example>", "sender SUPPORT@acme.example (From) is our own address")]
    [InlineData("Sender", "help@acme.example", "sender help@acme.example (Sender) is our own address")]
    [InlineData("Reply-To", "Help <Help@Acme.Example>", "sender Help@Acme.Example (Reply-To) is our own address")]
    public void RefusalReason_OwnAddressAsSender_Refuses(string header, string value, string reason)
    {
        var message = Person();
        if (header == "From")
        {
            message.From.Clear();
        }

        message.Headers.Add(header, value);

        ReplyGuard.RefusalReason(message, Own).ShouldBe(reason);
    }

    [Theory]
    [InlineData("", "no sender (the message has no From address)")]
    [InlineData("From: undisclosed-recipients:;\n", "no sender address (From: undisclosed-recipients:;)")]
    [InlineData("From: MAILER-DAEMON\n", "no sender address (From: MAILER-DAEMON)")]
    [InlineData("From: Jo <jo@>\n", "no sender address (From: Jo <jo@>)")]
    public void RefusalReason_NoSenderAddress_Refuses(string fromLine, string reason)
    {
        var message = Mail.Parse($"{fromLine}To: support@acme.example\nSubject: Hello\n\nHi\n");

        ReplyGuard.RefusalReason(message, Own).ShouldBe(reason);
    }

    [Fact]
    public void RefusalReason_AutoReplyKnownOnlyByItsSubject_RefusedByTheClassifier()
    {
        var message = Person();
        message.Subject = "Automatic reply: Help with my invoice";

        ReplyGuard.RefusalReason(message, Own).ShouldNotBeNull().ShouldStartWith("classified as AutoReply: Subject: \"Automatic reply");
    }

    [Fact]
    public void RefusalReason_UnsubscribeRequest_RefusedByTheClassifier()
    {
        var message = Mail.Text("unsubscribe", "Please remove me from your list.", from: "Nora <nora@customer.example>", to: "support@acme.example");

        ReplyGuard.RefusalReason(message, Own).ShouldNotBeNull().ShouldStartWith("classified as UnsubscribeRequest: ");
    }

    [Fact]
    public void RefusalReason_DeliveryReportFromAPersonLikeAddress_RefusedByTheClassifier()
    {
        var report = Mail.DeliveryReport("failed", "5.1.1", "550 5.1.1 User unknown");
        report.From.Clear();
        report.From.Add(new MailboxAddress("Mail System", "relay@mx.example.net"));

        ReplyGuard.RefusalReason(report, Own).ShouldNotBeNull().ShouldStartWith("classified as BounceHard: ");
    }

    [Fact]
    public void RefusalReason_SeveralSignals_NamesOurOwnMarkerFirst()
    {
        var message = Person(("Auto-Submitted", "auto-replied"), ("X-Nudge-Send-Id", "1-1"));

        ReplyGuard.RefusalReason(message, Own).ShouldBe("X-Nudge-Send-Id present (a message Nudge sent)");
    }

    [Fact]
    public void RefusalReason_CorpusHumanReplies_AllowedUnlessWrittenByTheMailboxItself()
    {
        var humans = Corpus("human_reply", headersOnly: false);

        // To a mailbox that is none of the parties, every person's message may be answered.
        humans.Where(h => ReplyGuard.RefusalReason(h.Message, Own) is not null).Select(h => h.Id).ShouldBeEmpty();

        // As the mailbox it was sent to, only the two messages its owner wrote are refused, and for that reason.
        var refused = humans
            .Select(h => (h.Id, Reason: ReplyGuard.RefusalReason(h.Message, [.. h.Message.To.Mailboxes.Select(m => m.Address)])))
            .Where(h => h.Reason is not null)
            .ToDictionary(h => h.Id, h => h.Reason!);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Corpus human replies: {humans.Count - refused.Count} of {humans.Count} allowed; refused: " +
            string.Join("; ", refused.Select(r => $"{r.Key} ({r.Value})")));
        humans.Count.ShouldBe(16);
        refused.ShouldBe(DocumentedHumanRefusals, ignoreOrder: true);
    }

    [Fact]
    public void RefusalReason_CorpusHumanRepliesHeadersOnly_AllowedUnlessWrittenByTheMailboxItself()
    {
        var humans = Corpus("human_reply", headersOnly: true);

        var refused = humans.Where(h => ReplyGuard.RefusalReason(h.Message, [.. h.Message.To.Mailboxes.Select(m => m.Address)]) is not null)
            .Select(h => h.Id);

        refused.ShouldBe(DocumentedHumanRefusals.Keys, ignoreOrder: true);
    }

    [Theory]
    [InlineData("auto_reply")]
    [InlineData("bounce_hard")]
    [InlineData("bounce_soft")]
    [InlineData("unsubscribe_request")]
    public void RefusalReason_CorpusAutomatedMail_AllRefused(string category)
    {
        var messages = Corpus(category, headersOnly: false);

        var allowed = messages.Where(m => ReplyGuard.RefusalReason(m.Message, Own) is null).Select(m => m.Id).ToList();

        messages.ShouldNotBeEmpty();
        allowed.ShouldBeEmpty();
    }

    [Fact]
    public void RefusalReason_CorpusOtherMail_AllRefusedButTheUnmarkedSpam()
    {
        // m5507 is spam dressed as a person's Outlook message: no header or text marks it as machine mail. Gmail files
        // such mail under Spam, outside the inbox the rules watch.
        var allowed = Corpus("other", headersOnly: false).Where(m => ReplyGuard.RefusalReason(m.Message, Own) is null).Select(m => m.Id);

        allowed.ShouldBe(["m5507"]);
    }

    [Fact]
    public void RefusalReason_CorpusAutomatedMailHeadersOnly_AtLeast98PercentRefusedBeforeTheBodyIsFetched()
    {
        string[] categories = ["auto_reply", "bounce_hard", "bounce_soft", "unsubscribe_request"];
        var messages = categories.SelectMany(c => Corpus(c, headersOnly: true)).ToList();

        var allowed = messages.Where(m => ReplyGuard.RefusalReason(m.Message, Own) is null).Select(m => m.Id).ToList();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Headers only: {messages.Count - allowed.Count} of {messages.Count} automated messages refused; left to the body: {string.Join(", ", allowed)}");
        (messages.Count - allowed.Count).ShouldBeGreaterThanOrEqualTo((int)Math.Ceiling(messages.Count * 0.98));
    }

    /// <summary>A person's plain message to support, with extra headers.</summary>
    private static MimeMessage Person(params (string Name, string Value)[] headers) =>
        Mail.Text("Help with my invoice", "Hello, my invoice is wrong.\n\nNora", from: "Nora Lind <nora@customer.example>",
            to: "Support <support@acme.example>", headers: headers);

    private static List<(string Id, MimeMessage Message)> Corpus(string category, bool headersOnly)
    {
        var directory = LabelledCorpus.Directory();
        var cancellationToken = TestContext.Current.CancellationToken;
        return
        [
            .. LabelledCorpus.Rows(directory).Where(r => r.Category == category).Select(r =>
            {
                var bytes = File.ReadAllBytes(Path.Combine(directory, "eml", r.Id + ".eml"));
                return (r.Id, MimeMessage.Load(new MemoryStream(headersOnly ? HeaderBlock(bytes) : bytes), cancellationToken));
            }),
        ];
    }

    /// <summary>The bytes up to the first empty line: what Gmail's metadata format gives the worker.</summary>
    private static byte[] HeaderBlock(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw).Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes((end < 0 ? text : text[..(end + 1)]) + "\n");
    }
}
