using MimeKit;
using Nudge.Core.Rules;
using Nudge.Core.Templates;

namespace Nudge.Tests.Core.Rules;

public class InboundRuleTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 3, 10, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData("Chloé Dubois <chloe@exemple.fr>", "Chloé Dubois", "Chloé", "Dubois")]
    [InlineData("Jürgen Müller <j@beispiel.de>", "Jürgen Müller", "Jürgen", "Müller")]
    [InlineData("\"Müller, Jürgen\" <j@beispiel.de>", "Jürgen Müller", "Jürgen", "Müller")]
    [InlineData("\"van der Berg, Anna Maria\" <a@x.example>", "Anna Maria van der Berg", "Anna", "van der Berg")]
    [InlineData("Anna van der Berg <a@x.example>", "Anna van der Berg", "Anna", "van der Berg")]
    [InlineData("=?UTF-8?Q?Chlo=C3=A9_Dubois?= <chloe@exemple.fr>", "Chloé Dubois", "Chloé", "Dubois")]
    [InlineData("=?ISO-8859-1?Q?J=FCrgen?= <j@beispiel.de>", "Jürgen", "Jürgen", null)]
    [InlineData("Zoë <zoe@x.example>", "Zoë", "Zoë", null)]
    [InlineData("\"'Jo Bloggs'\" <jo@x.example>", "Jo Bloggs", "Jo", "Bloggs")]
    [InlineData("\"\\\"Jo Bloggs\\\"\" <jo@x.example>", "Jo Bloggs", "Jo", "Bloggs")]
    [InlineData("Dr. Jo Bloggs <jo@x.example>", "Dr. Jo Bloggs", "Jo", "Bloggs")]
    [InlineData("Jo Bloggs Jr. <jo@x.example>", "Jo Bloggs Jr.", "Jo", "Bloggs")]
    [InlineData("\"Bloggs, Jo, PhD\" <jo@x.example>", "Jo Bloggs", "Jo", "Bloggs")]
    [InlineData("Jo Bloggs (Acme) <jo@x.example>", "Jo Bloggs", "Jo", "Bloggs")]
    [InlineData("\"  Jo   Bloggs  \" <jo@x.example>", "Jo Bloggs", "Jo", "Bloggs")]
    [InlineData("\"Sales, Support, Billing\" <team@x.example>", "Sales, Support, Billing", null, null)]
    [InlineData("\"Dr.\" <jo@x.example>", "Dr.", null, null)]
    [InlineData("\"'Jürgen Müller' via Sales\" <sales@groups.example>", "Jürgen Müller", "Jürgen", "Müller")]
    [InlineData("Prof. Dr. Jürgen Müller <j@beispiel.de>", "Prof. Dr. Jürgen Müller", "Jürgen", "Müller")]
    [InlineData("J. Bloggs <jo@x.example>", "J. Bloggs", "J.", "Bloggs")]
    public void FieldsFor_DisplayName_SplitsFirstAndLast(string from, string name, string? first, string? last)
    {
        var fields = InboundRule.FieldsFor(MailboxAddress.Parse(from), "Hello", "support@acme.example", Received);

        fields.GetValueOrDefault("name").ShouldBe(name);
        fields.GetValueOrDefault("first_name").ShouldBe(first);
        fields.GetValueOrDefault("last_name").ShouldBe(last);
    }

    [Theory]
    [InlineData("jo@x.example")]
    [InlineData("<jo@x.example>")]
    [InlineData("\"\" <jo@x.example>")]
    [InlineData("\"jo@x.example\" <jo@x.example>")]
    [InlineData("\"'jo@x.example'\" <jo@x.example>")]
    [InlineData("\"12345\" <jo@x.example>")]
    [InlineData("jo.bloggs <jo.bloggs@x.example>")]
    [InlineData("jbloggs42 <jo@x.example>")]
    [InlineData("jo_bloggs <jo@x.example>")]
    public void FieldsFor_NoUsableName_LeavesNamesAbsent(string from)
    {
        var fields = InboundRule.FieldsFor(MailboxAddress.Parse(from), "Hello", "support@acme.example", Received);

        fields.Keys.Order(StringComparer.Ordinal).ShouldBe(["email", "mailbox", "received_at", "subject"]);
    }

    [Fact]
    public void FieldsFor_DecomposedAccents_AreComposed()
    {
        var fields = InboundRule.FieldsFor(new MailboxAddress("Chloe\u0301 Dubois", "chloe@exemple.fr"), "Hi", "support@acme.example", Received);

        fields["first_name"].ShouldBe("Chlo\u00E9");
    }

    [Fact]
    public void FieldsFor_AlwaysPresentFields_AreSetFromTheMessage()
    {
        var fields = InboundRule.FieldsFor(new MailboxAddress("", "Nora@Customer.example"), "  Re: Refund  ", "support@acme.example", Received);

        fields.ShouldBe(new Dictionary<string, string>
        {
            ["email"] = "Nora@Customer.example",
            ["subject"] = "Re: Refund",
            ["mailbox"] = "support@acme.example",
            ["received_at"] = "2026-03-03T10:00:00+01:00",
        }, ignoreOrder: true);
        InboundRule.AlwaysPresentFields.ShouldBe(["email", "subject", "mailbox", "received_at"]);
    }

    [Fact]
    public void FieldsFor_BlankSubject_IsNoSubject()
    {
        var fields = InboundRule.FieldsFor(new MailboxAddress("Nora", "nora@customer.example"), " ", "support@acme.example", Received);

        fields["subject"].ShouldBe("(no subject)");
    }

    [Fact]
    public void ReplyFields_AreTheSevenFieldsTheWorkerGives()
    {
        InboundRule.ReplyFields.ShouldBe(["email", "name", "first_name", "last_name", "subject", "mailbox", "received_at"], ignoreOrder: true);
        InboundRule.AlwaysPresentFields.ShouldBeSubsetOf(InboundRule.ReplyFields);
    }

    [Theory]
    [InlineData("jo@x.example", "Hi there ,")]
    [InlineData("\"Müller, Jürgen\" <j@beispiel.de>", "Hi Jürgen Müller,")]
    [InlineData("\"12345\" <n@x.example>", "Hi there ,")]
    public async Task FieldsFor_AnySender_RendersATemplateThatPassedTheFileCheck(string sender, string greeting)
    {
        // The file check promises that a template it accepts renders for every sender, named or not.
        var engine = new TemplateEngine(TimeProvider.System);
        var fields = InboundRule.FieldsFor(MailboxAddress.Parse(sender), "", "support@acme.example", Received);

        var result = await engine.RenderAsync(RuleTemplates.Set()["acknowledge"], fields, TestContext.Current.CancellationToken);

        result.MissingFields.ShouldBeEmpty();
        result.Message.ShouldNotBeNull().Text.ShouldStartWith(greeting);
    }
}
