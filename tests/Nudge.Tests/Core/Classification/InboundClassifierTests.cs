using System.Globalization;
using System.Text;
using Nudge.Core.Classification;

namespace Nudge.Tests.Core.Classification;

public class InboundClassifierTests
{
    [Fact]
    public void Classify_DsnUserUnknown_IsHardBounceWithRecipientStatusAndReturnedMessageId()
    {
        var report = Mail.DeliveryReport("failed", "5.1.1", "550 5.1.1 <ana.lead@example.com>: Recipient address rejected: User unknown");

        var verdict = InboundClassifier.Classify(report);

        verdict.Category.ShouldBe(InboundCategory.BounceHard);
        verdict.FailedRecipient.ShouldBe("ana.lead@example.com");
        verdict.Status.ShouldBe("5.1.1");
        verdict.Diagnostic.ShouldNotBeNull().ShouldContain("User unknown");
        verdict.OriginalMessageId.ShouldBe("send-1@acme.example");
        verdict.Evidence.ShouldContain("Content-Type multipart/report; report-type=delivery-status");
        verdict.Evidence.ShouldContain("Status: 5.1.1");
    }

    [Theory]
    [InlineData("failed", "5.1.6", "550 5.1.6 recipient no longer on server", InboundCategory.BounceHard)]
    [InlineData("failed", "5.4.4", "Host or domain name not found. Name service error", InboundCategory.BounceHard)]
    [InlineData("failed", "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found", InboundCategory.BounceHard)]
    [InlineData("failed", "5.2.2", "552 5.2.2 Mailbox full", InboundCategory.BounceSoft)]
    [InlineData("failed", "5.7.1", "550 5.7.1 Message rejected as spam by Content Filtering", InboundCategory.BounceSoft)]
    [InlineData("failed", "5.3.4", "552 5.3.4 Message too large", InboundCategory.BounceSoft)]
    [InlineData("failed", "5.1.1", "550 5.1.1 Mailbox currently suspended", InboundCategory.BounceSoft)]
    [InlineData("delayed", "4.4.1", "connect to mx.example.com[192.0.2.1]:25: Connection timed out", InboundCategory.BounceSoft)]
    [InlineData("failed", "5.0.0", "550 Sorry, no mailbox here by that name", InboundCategory.BounceHard)]
    public void Classify_DsnByReason_HardOnlyForAddressFaults(string action, string status, string diagnostic, InboundCategory expected)
    {
        var verdict = InboundClassifier.Classify(Mail.DeliveryReport(action, status, diagnostic));

        verdict.Category.ShouldBe(expected);
        verdict.FailedRecipient.ShouldBe("ana.lead@example.com");
    }

    [Fact]
    public void Classify_DsnStatusFieldDisagreeingWithServerReply_ReportsTheServersCode()
    {
        // The reporting MTA wrote 5.1.1 ("no such user") for a remote "552 5.2.2 Over quota": the server knows best.
        var verdict = InboundClassifier.Classify(Mail.DeliveryReport("failed", "5.1.1", "552 5.2.2 Over quota"));

        verdict.Status.ShouldBe("5.2.2");
        verdict.Category.ShouldBe(InboundCategory.BounceSoft);
    }

    [Fact]
    public void Classify_DsnTemporaryStatusWithPermanentCodeInDiagnostic_KeepsTheTemporaryStatus()
    {
        var verdict = InboundClassifier.Classify(Mail.DeliveryReport("delayed", "4.4.7", "550 5.1.1 earlier attempt said user unknown"));

        verdict.Status.ShouldBe("4.4.7");
        verdict.Category.ShouldBe(InboundCategory.BounceSoft);
    }

    [Fact]
    public void Classify_DsnFinalRecipientWithOneLetterTopLevelDomain_NamesIt()
    {
        // Internal hosts and anonymised reports use such domains; the report field names the recipient outright.
        var verdict = InboundClassifier.Classify(Mail.DeliveryReport("failed", "5.1.1", "550 5.1.1 User unknown", recipient: "F.B@a.b.c"));

        verdict.Category.ShouldBe(InboundCategory.BounceHard);
        verdict.FailedRecipient.ShouldBe("f.b@a.b.c");
    }

    [Fact]
    public void Classify_EximBounceWhoseReplyToIsTheFailedAddress_StillNamesIt()
    {
        var message = Mail.Parse("""
            From: Mail Delivery System <Mailer-Daemon@mx.example.de>
            To: sam@acme.example
            Reply-To: klaus@example.de
            Subject: Mail delivery failed: returning message to sender
            X-Failed-Recipients: klaus@example.de
            Date: Tue, 03 Mar 2026 10:00:00 +0000

            This message was created automatically by mail delivery software.

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              save to mailbox
                mailbox is full: retry timeout exceeded
            """);

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.BounceSoft);
        verdict.FailedRecipient.ShouldBe("klaus@example.de");
    }

    [Fact]
    public void Classify_DsnActionDelivered_IsOther()
    {
        var verdict = InboundClassifier.Classify(Mail.DeliveryReport("delivered", "2.0.0", "250 2.0.0 OK"));

        verdict.Category.ShouldBe(InboundCategory.Other);
        verdict.IsBounce.ShouldBeFalse();
    }

    [Fact]
    public void Classify_DsnAlsoMarkedAutoReplied_IsStillABounce()
    {
        var report = Mail.DeliveryReport("failed", "5.1.1", "550 5.1.1 User unknown", extraHeaders: "Auto-Submitted: auto-replied\n");

        InboundClassifier.Classify(report).Category.ShouldBe(InboundCategory.BounceHard);
    }

    [Fact]
    public void Classify_QmailBounce_IsHardWithRecipientCodeAndInlineOriginalId()
    {
        var message = Mail.Parse("""
            From: MAILER-DAEMON@mail.example.org
            To: sam@acme.example
            Subject: failure notice
            Date: Tue, 03 Mar 2026 10:00:00 +0000

            Hi. This is the qmail-send program at mail.example.org.
            I'm afraid I wasn't able to deliver your message to the following addresses.
            This is a permanent error; I've given up. Sorry it didn't work out.

            <Bob@example.org>:
            Sorry, no mailbox here by that name. (#5.1.1)

            --- Below this line is a copy of the message.

            Return-Path: <sam@acme.example>
            Message-ID: <send-2@acme.example>
            From: Sam <sam@acme.example>
            To: bob@example.org
            Subject: Hello

            Hello Bob
            """);

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.BounceHard);
        verdict.FailedRecipient.ShouldBe("bob@example.org");
        verdict.Status.ShouldBe("5.1.1");
        verdict.OriginalMessageId.ShouldBe("send-2@acme.example");
    }

    [Fact]
    public void Classify_EximBounceMailboxFull_IsSoftWithFailedRecipientsHeader()
    {
        var message = Mail.Parse("""
            From: Mail Delivery System <Mailer-Daemon@mx.example.de>
            To: sam@acme.example
            Subject: Mail delivery failed: returning message to sender
            X-Failed-Recipients: klaus@example.de
            Auto-Submitted: auto-replied
            Date: Tue, 03 Mar 2026 10:00:00 +0000

            This message was created automatically by mail delivery software.

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              klaus@example.de
                SMTP error from remote mail server after RCPT TO:<klaus@example.de>:
                552 5.2.2 Mailbox full

            ------ This is a copy of the message, including all the headers. ------

            Message-ID: <send-3@acme.example>
            """);

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.BounceSoft);
        verdict.FailedRecipient.ShouldBe("klaus@example.de");
        verdict.Status.ShouldBe("5.2.2");
        verdict.Evidence.ShouldContain("X-Failed-Recipients: klaus@example.de");
    }

    [Fact]
    public void Classify_PostfixTextBounceHostNotFound_IsHard()
    {
        var message = Mail.Parse("""
            From: MAILER-DAEMON@mail.example.com (Mail Delivery System)
            To: sam@acme.example
            Subject: Undelivered Mail Returned to Sender
            Date: Tue, 03 Mar 2026 10:00:00 +0000

            This is the Postfix program at host mail.example.com.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            <jo@nosuchdomain.example>: Host or domain name not found. Name service error
                for name=nosuchdomain.example type=A: Host not found
            """);

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.BounceHard);
        verdict.FailedRecipient.ShouldBe("jo@nosuchdomain.example");
        verdict.Diagnostic.ShouldNotBeNull().ShouldContain("Host or domain name not found");
    }

    [Fact]
    public void Classify_PersonMentioningAFailedDelivery_StaysHumanReply()
    {
        var message = Mail.Text("Re: Hello", "Hi Sam, mail to my colleague could not be delivered: user unknown, it says. Use mine.");

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Fact]
    public void Classify_PersonWritingAFailureSubjectAndWords_StaysHumanReply()
    {
        var message = Mail.Text("Delivery failure on order 1182", "The parcel could not be delivered: the address does not exist.");

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Fact]
    public void Classify_ReplyForwardedByGmail_StaysHumanReply()
    {
        // Gmail's auto-forwarding rewrites the envelope sender into this VERP-like shape.
        var message = Mail.Text("Re: Hello", "Let's talk on Thursday.", headers: ("Return-Path", "<jo+caf_=sam=acme.example@example.com>"));

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Fact]
    public void Classify_PersonMentioningAGuestList_StaysHumanReply()
    {
        var message = Mail.Text("Re: Launch event", "Sure! Please put me and a colleague on the guest list for the launch.");

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Theory]
    [InlineData("Automatic reply: Hello", "Thank you for your email. I will be back on 12 January.", "2026-01-05", "2026-01-12")]
    [InlineData("Out of Office: Hello", "I'm away at a conference, returning Monday, March 3rd.", "2025-02-26", "2025-03-03")]
    [InlineData("Automatic reply: Hello", "I am on leave and back on 2026-12-01.", "2026-11-20", "2026-12-01")]
    [InlineData("Réponse automatique : Hello", "Bonjour, je suis absent et de retour le 5 janvier.", "2025-12-22", "2026-01-05")]
    [InlineData("Abwesenheitsnotiz: Hello", "Ich bin im Urlaub und ab dem 12.01. wieder im Büro.", "2025-12-23", "2026-01-12")]
    [InlineData("Abwesenheitsnotiz: Hello", "Vielen Dank. Ich bin zurück am 12.01.", "2025-12-23", "2026-01-12")]
    [InlineData("Respuesta automática: Hello", "Estoy de vacaciones. Regresaré el lunes 7 de abril.", "2025-03-30", "2025-04-07")]
    [InlineData("AUTO: Jo Bloggs is out of the office (returning 14/04/2026)", "I have no access to email.", "2026-04-01", "2026-04-14")]
    public void Classify_OutOfOfficeWithReturnDate_IsAutoReplyWithThatDate(string subject, string body, string sent, string expected)
    {
        var date = new DateTimeOffset(Day(sent), new TimeOnly(9, 0), TimeSpan.Zero);

        var verdict = InboundClassifier.Classify(Mail.Text(subject, body, date));

        verdict.Category.ShouldBe(InboundCategory.AutoReply);
        verdict.ReturnDate.ShouldBe(Day(expected));
    }

    [Fact]
    public void Classify_GmailVacationResponder_IsAutoReply()
    {
        var message = Mail.Text("Vacation until Monday", "I'm travelling with limited access to email.",
            headers: [("X-Autoreply", "yes"), ("Precedence", "bulk"), ("Return-Path", "<>")]);

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.AutoReply);
        verdict.Evidence.ShouldContain("X-Autoreply: yes");
        verdict.ReturnDate.ShouldBe(new DateOnly(2026, 3, 9));
    }

    [Fact]
    public void Classify_AutoSubmittedNo_IsNotAnAutoReply()
    {
        var message = Mail.Text("Re: Hello", "Sounds good, talk tomorrow.", headers: ("Auto-Submitted", "no"));

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Fact]
    public void Classify_HumanReplyQuotingUnsubscribeFooter_StaysHumanReply()
    {
        var body = """
            Hi Sam,

            Thanks for the details. Could we meet on Thursday to go through the proposal? I'd like to bring my colleague
            from finance, who will have questions about the pricing tiers and the onboarding timeline.

            Best,
            Ana

            On Tue, 3 Mar 2026 at 10:00, Sam <sam@acme.example> wrote:
            > Hello Ana,
            > Here is the proposal we discussed.
            > To unsubscribe, reply "unsubscribe" or click https://acme.example/u/123
            """;
        (string, string)[] headers = [("In-Reply-To", "<send-1@acme.example>"), ("X-Auto-Response-Suppress", "All")];
        var message = Mail.Text("Re: Hello", body, headers: headers);

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.HumanReply);
        verdict.OriginalMessageId.ShouldBe("send-1@acme.example");
    }

    [Fact]
    public void Classify_OutlookReplyAboveOriginalWithFooter_StaysHumanReply()
    {
        var body = """
            Yes, Thursday works.

            -----Original Message-----
            From: Sam <sam@acme.example>
            Sent: Tuesday, March 3, 2026 10:00 AM
            Subject: Hello

            Unsubscribe: reply with "unsubscribe".
            """;

        InboundClassifier.Classify(Mail.Text("RE: Hello", body)).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Theory]
    [InlineData("Re: Hello", "Please unsubscribe me.")]
    [InlineData("Re: Hello", "Not interested - please remove me from your list.\n\nJo")]
    [InlineData("Re: Hello", "Stop emailing me.")]
    [InlineData("AW: Hello", "Bitte abmelden.")]
    [InlineData("RE: Hello", "Merci de me désabonner.")]
    [InlineData("RE: Hello", "Por favor, darme de baja.")]
    [InlineData("unsubscribe", "")]
    [InlineData("Re: [Acme] UNSUBSCRIBE", "")]
    public void Classify_ShortRemovalRequest_IsUnsubscribeRequest(string subject, string body)
    {
        InboundClassifier.Classify(Mail.Text(subject, body)).Category.ShouldBe(InboundCategory.UnsubscribeRequest);
    }

    [Fact]
    public void Classify_MailToUnsubscribeAddress_IsUnsubscribeRequest()
    {
        var message = Mail.Text("Hello", "", to: "unsubscribe+8f3a@acme.example");

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.UnsubscribeRequest);
    }

    [Theory]
    [InlineData("unsubscribe Xk3_9fQ-2bLmN7pR")]
    [InlineData("Unsubscribe k-Heas8VOcI-z0myHl2QlU0G4mzLmfzU-ydUF3MTplzoINzW9CrAbyvcQNVWXLq-")]
    [InlineData("Re: unsubscribe Xk3_9fQ-2bLmN7pR")]
    [InlineData("unsubscribe%20Xk3_9fQ-2bLmN7pR")]
    [InlineData("Fwd: RE[2]: UNSUBSCRIBE  Xk3_9fQ-2bLmN7pR")]
    public void Classify_SubjectOfOurListUnsubscribeMailto_IsUnsubscribeRequest(string subject)
    {
        // The token is 16 (first row) to 64 (second row) base64url characters. Clients add a signature to the mail a
        // mailto link opens, so the body says nothing; the subject decides.
        var message = Mail.Text(subject, "Sent from my iPhone");

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.UnsubscribeRequest);
        verdict.Evidence.ShouldContain($"Subject: \"{subject}\" (answers the List-Unsubscribe mailto)");
    }

    [Theory]
    [InlineData("unsubscribe Xk3_9fQ-2bLmN7p")]
    [InlineData("unsubscribe gx2Ym4Fl55Wj28M0kyI5-wccpGUyG5QG01-I89-sW_N7PUuWIOY-uLa5hxdoVU_hy")]
    [InlineData("unsubscribe Xk3_9fQ+2bLmN7pR/=")]
    [InlineData("Re: Proposal unsubscribe Xk3_9fQ-2bLmN7pR")]
    public void Classify_SubjectLikeTheMailtoButNotIt_StaysHumanReply(string subject)
    {
        // 15 characters, 65 characters, standard base64 rather than base64url, and the words inside another subject.
        var verdict = InboundClassifier.Classify(Mail.Text(subject, "Thanks, the numbers look right to me."));

        verdict.Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Theory]
    [InlineData("en", "Re: Hello", "Please take me off your mailing list.")]
    [InlineData("en", "unsubscribe please", "")]
    [InlineData("fr", "RE: Bonjour", "Merci de me désinscrire de votre liste.")]
    [InlineData("fr", "RE: Bonjour", "Je ne souhaite plus recevoir vos e-mails.")]
    [InlineData("fr", "Désabonnement", "")]
    [InlineData("de", "AW: Hallo", "Bitte entfernen Sie mich aus Ihrem Verteiler.")]
    [InlineData("de", "AW: Hallo", "Bitte keine E-Mails mehr.")]
    [InlineData("de", "AW: Hallo", "Ich möchte mich abmelden.")]
    [InlineData("de", "Bitte abmelden", "")]
    [InlineData("es", "RE: Hola", "Por favor, elimínenme de su lista.")]
    [InlineData("es", "RE: Hola", "No quiero recibir más correos.")]
    [InlineData("es", "Baja", "")]
    [InlineData("it", "R: Buongiorno", "Per favore cancellatemi dalla vostra mailing list.")]
    [InlineData("it", "R: Buongiorno", "Non voglio più ricevere queste email, grazie.")]
    [InlineData("it", "Disiscrizione", "")]
    [InlineData("pt", "RES: Olá", "Por favor, remova-me da sua lista.")]
    [InlineData("pt", "RES: Olá", "Não quero receber mais e-mails.")]
    [InlineData("pt", "Descadastrar", "")]
    [InlineData("nl", "Antw: Hallo", "Haal mij alstublieft van jullie lijst.")]
    [InlineData("nl", "Antw: Hallo", "Ik wil geen e-mails meer ontvangen.")]
    [InlineData("nl", "Antw: Hallo", "Graag afmelden voor deze mailings.")]
    [InlineData("nl", "Antw: Hallo", "Ik wil me afmelden.")]
    [InlineData("nl", "Uitschrijven", "")]
    public void Classify_ShortRemovalRequestInEachLanguage_IsUnsubscribeRequest(string language, string subject, string body)
    {
        var message = Mail.Text(subject, body + "\n\n-- \nJo Bloggs", from: $"Jo Bloggs <jo@example.{language}>");

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(InboundCategory.UnsubscribeRequest, string.Join(" | ", verdict.Evidence));
    }

    [Theory]
    [InlineData("RES: Proposta", "Não quero receber a proposta por correio, mande por e-mail.")]
    [InlineData("RE: Propuesta", "No quiero recibir la factura todavía, gracias.")]
    [InlineData("R: Proposta", "Non voglio ricevere il contratto prima di lunedì.")]
    [InlineData("Re: Hello", "Could you remove my colleague from the thread and add Ana instead?")]
    [InlineData("Antw: Offerte", "Verwijder de oude offerte maar, de nieuwe is goed.")]
    [InlineData("AW: Termin", "Ich muss mich leider vom Termin am Donnerstag abmelden, passt Freitag?")]
    [InlineData("Antw: Demo", "Ik moet me helaas afmelden voor de demo van donderdag.")]
    public void Classify_EverydayPhraseNearRemovalWording_StaysHumanReply(string subject, string body)
    {
        InboundClassifier.Classify(Mail.Text(subject, body)).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Fact]
    public void Classify_LongReplyQuotingOurUnsubscribeFooter_StaysHumanReply()
    {
        // The sender quotes the footer in their own words, unmarked, at the top: only the length says it is no request.
        var body = """
            Your footer says "reply unsubscribe to stop these emails", but please don't: the timing is just right for us.

            We are reviewing our follow-up tooling this quarter and your note about threading replies in Gmail is
            exactly the problem our sales team keeps running into. Could you send me the pricing for a team of twelve,
            and tell me whether the self-hosted version supports PostgreSQL? Our IT department will ask about where
            the OAuth tokens are stored and who can read them, so a short security note would help as well.

            I am free on Thursday afternoon or Friday morning for a call. My colleague Ana from finance would join.

            Best regards,
            Jo
            """;
        body.Length.ShouldBeGreaterThan(600);

        var verdict = InboundClassifier.Classify(Mail.Text("Re: Hello", body));

        verdict.Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Theory]
    [InlineData("On Tue, 3 Mar 2026 at 10:00, Sam <sam@acme.example> wrote:")]
    [InlineData("Am Di., 3. März 2026 um 10:00 Uhr schrieb Sam <sam@acme.example>:")]
    [InlineData("Le mar. 3 mars 2026 à 10:00, Sam <sam@acme.example> a écrit :")]
    [InlineData("Op di 3 mrt 2026 om 10:00 schreef Sam <sam@acme.example>:")]
    [InlineData("Em ter., 3 de mar. de 2026 às 10:00, Sam <sam@acme.example> escreveu:")]
    [InlineData("Il giorno mar 3 mar 2026 alle ore 10:00 Sam <sam@acme.example> ha scritto:")]
    public void Classify_ShortReplyAboveOurUnmarkedFooter_StaysHumanReply(string attribution)
    {
        // Some clients quote the original without '>' marks: everything below the attribution line is ours. German and
        // Dutch Gmail put the name after the verb ("schrieb Sam <…>:").
        var body = $"""
            Sounds good, Thursday at 3 works.

            {attribution}
            Hello Jo, here is the proposal we discussed.
            To unsubscribe, reply "unsubscribe" and we will remove you from this list.
            """;

        InboundClassifier.Classify(Mail.Text("Re: Hello", body)).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Fact]
    public void Classify_HtmlReplyWithOurFooterInABlockquote_StaysHumanReply()
    {
        var message = Mail.Parse("""
            From: Jo Bloggs <jo@example.com>
            To: Sam <sam@acme.example>
            Subject: Re: Hello
            Date: Tue, 03 Mar 2026 10:00:00 +0000
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <div>Yes, please send the contract.</div>
            <blockquote><p>Hello Jo,</p><p>Unsubscribe: reply &quot;unsubscribe&quot; to stop these emails.</p></blockquote>
            """);

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.HumanReply);
    }

    [Theory]
    [InlineData("opt-out", InboundCategory.UnsubscribeRequest)]
    [InlineData("abuse", InboundCategory.Other)]
    public void Classify_ArfReport_ByFeedbackType(string feedbackType, InboundCategory expected)
    {
        var message = Mail.Parse($"""
            From: feedback@isp.example
            To: fbl@acme.example
            Subject: Feedback report
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="b"

            --b
            Content-Type: text/plain

            This is an email feedback report.
            --b
            Content-Type: message/feedback-report

            Feedback-Type: {feedbackType}
            User-Agent: SomeGenerator/1.0
            Version: 1

            --b
            Content-Type: message/rfc822

            From: sam@acme.example
            Message-ID: <send-9@acme.example>
            Subject: Hello

            Hello
            --b--
            """);

        var verdict = InboundClassifier.Classify(message);

        verdict.Category.ShouldBe(expected);
        verdict.Evidence.ShouldContain($"Feedback-Type: {feedbackType}");
        verdict.OriginalMessageId.ShouldBe("send-9@acme.example");
    }

    [Fact]
    public void Classify_ReadReceipt_IsOther()
    {
        var message = Mail.Parse("""
            From: Ana <ana@example.com>
            To: sam@acme.example
            Subject: Read: Hello
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=disposition-notification; boundary="b"

            --b
            Content-Type: text/plain

            Your message was displayed.
            --b
            Content-Type: message/disposition-notification

            Final-Recipient: rfc822; ana@example.com
            Original-Message-ID: <send-1@acme.example>
            Disposition: manual-action/MDN-sent-manually; displayed

            --b--
            """);

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.Other);
    }

    [Theory]
    [InlineData("From", "Acme <no-reply@acme-tools.example>")]
    [InlineData("Precedence", "list")]
    [InlineData("Return-Path", "<>")]
    [InlineData("Return-Path", "<bounces+8123-ab=example.com@mail.esp.example>")]
    public void Classify_MachineSentMail_IsOther(string header, string value)
    {
        var message = header == "From"
            ? Mail.Text("Your weekly digest", "Here is what happened this week.", from: value)
            : Mail.Text("Your weekly digest", "Here is what happened this week.", headers: (header, value));

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.Other);
    }

    [Fact]
    public void Classify_ChallengeResponse_IsOther()
    {
        var message = Mail.Text("Re: Hello", """
            Your message was received, but this account is protected.
            Please click on the following link to have your address added to the recipient's allowed list.
            """, from: "jo@protected.example");

        InboundClassifier.Classify(message).Category.ShouldBe(InboundCategory.Other);
    }

    [Fact]
    public void Classify_RawStreamAndBytes_AgreeWithParsedMessage()
    {
        var raw = "From: Jo <jo@example.com>\r\nTo: sam@acme.example\r\nSubject: Re: Hello\r\n\r\nSounds good.\r\n";
        var bytes = Encoding.ASCII.GetBytes(raw);

        var fromStream = InboundClassifier.Classify(new MemoryStream(bytes), TestContext.Current.CancellationToken);
        var fromBytes = InboundClassifier.Classify(bytes);

        fromStream.Category.ShouldBe(InboundCategory.HumanReply);
        fromBytes.Category.ShouldBe(InboundCategory.HumanReply);
    }

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);
}
