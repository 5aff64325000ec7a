using Nudge.Core.Rules;
using Nudge.Core.Schedule;

namespace Nudge.Tests.Core.Rules;

public sealed class RuleFileTests : IDisposable
{
    private const string Minimal = "name: support-ack\nmailbox: support@acme.example\nmatch:\n  to: support@acme.example\ntemplate: acknowledge\n";

    private const string Full = """
        name: support-ack                 # unique among rules
        mailbox: support@acme.example
        match:
          query: "-category:promotions has:nouserlabels"
          from: ["*@customer.example", "vip@*"]
          to: ["support@acme.example", "help@*"]
          subject: "(?i)refund|invoice"
          headers: { X-Priority: "1*" }
        template: acknowledge
        once_per_thread: false
        per_sender: 7 days
        hours: business
        window: { days: mon-fri, hours: "09:00-17:00" }
        timezone: Europe/Paris
        then:
          sequence: support-follow-up
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("nudge-rules-").FullName;

    public RuleFileTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "templates"));
        File.WriteAllText(Path.Combine(_dir, "templates", "acknowledge.liquid"), RuleTemplates.AcknowledgeBody + "\n");
    }

    [Fact]
    public void Parse_MinimalFile_AppliesDefaults()
    {
        var rule = RuleTemplates.Rule(Minimal);

        rule.Name.ShouldBe("support-ack");
        rule.Mailbox.ShouldBe("support@acme.example");
        rule.Template.Name.ShouldBe("acknowledge");
        rule.FileName.ShouldBe("rule.yaml");
        rule.OncePerThread.ShouldBeTrue();
        rule.PerSender.ShouldBe(TimeSpan.FromHours(24));
        rule.Hours.ShouldBe(RuleHours.Always);
        rule.Window.ShouldBeNull();
        rule.TimeZone.ShouldBeNull();
        rule.ThenSequence.ShouldBeNull();
        rule.Match.To.ShouldBe(["support@acme.example"]);
        rule.Match.From.ShouldBeEmpty();
        rule.Match.Query.ShouldBeNull();
        rule.Match.Subject.ShouldBeNull();
        rule.Match.Headers.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_EveryField_ReadsThemAll()
    {
        var rule = RuleTemplates.Rule(Full);

        rule.Match.Query.ShouldBe("-category:promotions has:nouserlabels");
        rule.Match.From.ShouldBe(["*@customer.example", "vip@*"]);
        rule.Match.To.ShouldBe(["support@acme.example", "help@*"]);
        rule.Match.Subject.ShouldNotBeNull().ToString().ShouldBe("(?i)refund|invoice");
        rule.Match.Subject.MatchTimeout.ShouldBe(TimeSpan.FromMilliseconds(100));
        rule.Match.Headers["x-priority"].ShouldBe(["1*"]);
        rule.OncePerThread.ShouldBeFalse();
        rule.PerSender.ShouldBe(TimeSpan.FromDays(7));
        rule.Hours.ShouldBe(RuleHours.Business);
        rule.Window.ShouldBe(new SendWindowRule(SendWindowRule.Weekdays, TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
        rule.TimeZone.ShouldNotBeNull().Id.ShouldBe("Europe/Paris");
        rule.ThenSequence.ShouldBe("support-follow-up");
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("30 minutes", 0.5)]
    [InlineData("12h", 12.0)]
    [InlineData("2 days", 48.0)]
    [InlineData("1 week", 168.0)]
    public void Parse_PerSender_IsADurationOrNoLimit(string text, double? hours)
    {
        var rule = RuleTemplates.Rule(Minimal + $"per_sender: {text}\n");

        rule.PerSender.ShouldBe(hours is { } h ? TimeSpan.FromHours(h) : null);
    }

    [Theory]
    [InlineData("from: \"*@customer.example\"", "*@customer.example")]
    [InlineData("from: [\"vip@*\"]", "vip@*")]
    [InlineData("from:\n    - \"jo?@x.example\"", "jo?@x.example")]
    public void Parse_FromAsStringOrList_IsAListOfPatterns(string from, string pattern)
    {
        var rule = RuleTemplates.WithMatch("  " + from);

        rule.Match.From.ShouldBe([pattern]);
    }

    [Theory]
    [InlineData("query: in:inbox")]
    [InlineData("subject: refund")]
    [InlineData("headers: { X-Priority: \"1\" }")]
    public void Parse_AnySingleCondition_IsEnough(string condition)
    {
        RuleTemplates.WithMatch("  " + condition).Match.IsEmpty.ShouldBeFalse();
    }

    [Theory]
    [InlineData("hours: outside\nwindow: { days: sat-sun }\ntimezone: America/New_York\n", RuleHours.Outside)]
    [InlineData("hours: always\n", RuleHours.Always)]
    public void Parse_Hours_ReadsModeWindowAndZone(string extra, RuleHours expected)
    {
        var rule = RuleTemplates.Rule(Minimal + extra);

        rule.Hours.ShouldBe(expected);
        (rule.Window is null).ShouldBe(expected == RuleHours.Always);
        (rule.TimeZone is null).ShouldBe(expected == RuleHours.Always);
    }

    [Theory]
    [InlineData("with-subject")]
    [InlineData("guarded")]
    [InlineData("local")]
    public void Parse_TemplateUsingReplyFieldsOrItsOwnNames_IsAccepted(string template)
    {
        var rule = RuleTemplates.Rule(Minimal.Replace("acknowledge", template, StringComparison.Ordinal));

        rule.Template.Name.ShouldBe(template);
    }

    [Theory]
    // The document itself.
    [InlineData("- a\n- b\n", "rule.yaml: line 1: expected a mapping")]
    [InlineData("name: x\nmatch: [\n", "rule.yaml: line ")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  from: *@customer.example\ntemplate: acknowledge\n",
        "rule.yaml: line 4: ", "must be in quotes")]
    [InlineData("name: x\nname: y\n", "rule.yaml: line 2: Duplicate key name")]
    [InlineData("mailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: acknowledge\n", "rule.yaml: line 1: name is required")]
    [InlineData("name: \"\"\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: acknowledge\n", "rule.yaml: line 1: name must be a non-empty value")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: acknowledge\nonce_per_thred: false\n",
        "rule.yaml: line 5: once_per_thred is not a known field")]
    // mailbox
    [InlineData("name: x\nmatch: { to: \"s@*\" }\ntemplate: acknowledge\n", "rule.yaml: line 1: mailbox is required")]
    [InlineData("name: x\nmailbox: support\nmatch: { to: \"s@*\" }\ntemplate: acknowledge\n", "rule.yaml: line 2: mailbox 'support' is not an email address")]
    [InlineData("name: x\nmailbox: \"*@acme.example\"\nmatch: { to: \"s@*\" }\ntemplate: acknowledge\n", "rule.yaml: line 2: mailbox '*@acme.example' is not")]
    // match
    [InlineData("name: x\nmailbox: s@a.example\ntemplate: acknowledge\n", "rule.yaml: line 1: match is required")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: everything\ntemplate: acknowledge\n", "rule.yaml: line 3: match must be a mapping")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: {}\ntemplate: acknowledge\n", "rule.yaml: line 3: match needs at least one of query, from")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  form: \"*@x.example\"\ntemplate: acknowledge\n",
        "rule.yaml: line 4: match.form is not a known field (known: query, from, to, subject, headers)")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  query: \"\"\ntemplate: acknowledge\n", "rule.yaml: line 4: match.query must be a non-empty value")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  from: customer.example\ntemplate: acknowledge\n",
        "rule.yaml: line 4: match.from 'customer.example' can never match an address; write for example '*@customer.example'")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  from:\n    - \"*@x.example\"\n    - \"\"\ntemplate: acknowledge\n",
        "rule.yaml: line 6: match.from[2] must be a non-empty value")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  to: []\ntemplate: acknowledge\n", "rule.yaml: line 4: match.to needs at least one pattern")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  to: { a: b }\ntemplate: acknowledge\n", "rule.yaml: line 4: match.to must be a pattern or a list")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  subject: \"(refund\"\ntemplate: acknowledge\n",
        "rule.yaml: line 4: match.subject '(refund' is not a .NET regular expression")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  headers: X-Priority\ntemplate: acknowledge\n", "rule.yaml: line 4: match.headers must be a mapping")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  headers: {}\ntemplate: acknowledge\n", "rule.yaml: line 4: match.headers needs at least one header")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  headers:\n    \"X Priority\": \"1\"\ntemplate: acknowledge\n",
        "rule.yaml: line 5: match.headers.X Priority 'X Priority' is not a header name")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  headers:\n    X-Priority: \"1\"\n    x-priority: \"2\"\ntemplate: acknowledge\n",
        "rule.yaml: line 6: match.headers.x-priority is listed twice")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch:\n  headers:\n    X-Priority: []\ntemplate: acknowledge\n",
        "rule.yaml: line 5: match.headers.X-Priority needs at least one pattern")]
    // template
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\n", "rule.yaml: line 1: template is required")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: nope\n", "rule.yaml: line 4: template no template 'nope': known templates: ")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: ../secrets\n", "rule.yaml: line 4: template '../secrets' is not a template name")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: contact-field\n",
        "rule.yaml: line 4: template 'contact-field' uses field 'company', which a reply to inbound mail does not have; its template can use " +
        "only email, first_name, last_name, mailbox, name, received_at, subject")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: defaulted-field\n",
        "rule.yaml: line 4: template 'defaulted-field' uses field 'plan', which a reply")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: bare-name\n",
        "rule.yaml: line 4: template 'bare-name' uses field 'first_name' without a default, but a sender's name may be missing; " +
        "write for example {{ first_name | default: \"there\" }}")]
    [InlineData("name: x\nmailbox: s@a.example\nmatch: { to: \"s@*\" }\ntemplate: bare-last\n",
        "rule.yaml: line 4: template 'bare-last' uses field 'last_name' without a default")]
    // limits
    [InlineData(Minimal + "once_per_thread: maybe\n", "rule.yaml: line 6: once_per_thread 'maybe' is not 'true' or 'false'")]
    [InlineData(Minimal + "per_sender: soon\n", "rule.yaml: line 6: per_sender 'soon' is not a duration")]
    [InlineData(Minimal + "per_sender: 2 business days\n", "rule.yaml: line 6: per_sender '2 business days' is not a duration")]
    [InlineData(Minimal + "per_sender: 24\n", "rule.yaml: line 6: per_sender '24' is not a duration")]
    // hours, window, timezone
    [InlineData(Minimal + "hours: weekends\n", "rule.yaml: line 6: hours 'weekends' is not 'always', 'business' or 'outside'")]
    [InlineData(Minimal + "hours: business\ntimezone: Europe/Paris\n", "rule.yaml: line 6: window is required with 'hours: business'")]
    [InlineData(Minimal + "hours: outside\nwindow: { days: mon-fri }\n", "rule.yaml: line 6: timezone is required with 'hours: outside'")]
    [InlineData(Minimal + "window: { days: mon-fri }\n", "rule.yaml: line 6: window applies only with 'hours: business' or 'hours: outside'")]
    [InlineData(Minimal + "hours: always\ntimezone: Europe/Paris\n", "rule.yaml: line 7: timezone applies only with 'hours: business'")]
    [InlineData(Minimal + "hours: business\ntimezone: Europe/Paris\nwindow: { days: funday }\n",
        "rule.yaml: line 8: window.days 'funday' is not a set of days")]
    [InlineData(Minimal + "hours: business\ntimezone: Europe/Paris\nwindow:\n  hours: \"17:00-09:00\"\n",
        "rule.yaml: line 9: window.hours '17:00-09:00' must end after it starts")]
    [InlineData(Minimal + "hours: business\ntimezone: Europe/Paris\nwindow:\n  colour: blue\n", "rule.yaml: line 9: window.colour is not a known field")]
    [InlineData(Minimal + "hours: business\ntimezone: Europe/Paris\nwindow: {}\n", "rule.yaml: line 8: window needs 'days', 'hours' or both")]
    [InlineData(Minimal + "hours: business\nwindow: { days: mon-fri }\ntimezone: Mars/Olympus\n",
        "rule.yaml: line 8: timezone 'Mars/Olympus' is not a known IANA time zone")]
    // then
    [InlineData(Minimal + "then: support-follow-up\n", "rule.yaml: line 6: then must be a mapping such as { sequence: support-follow-up }")]
    [InlineData(Minimal + "then:\n  sequense: x\n", "rule.yaml: line 7: then.sequense is not a known field (known: sequence)")]
    [InlineData(Minimal + "then: {}\n", "rule.yaml: line 6: then.sequence is required")]
    public void Parse_InvalidFile_NamesFileLineAndField(string yaml, string expectedStart, string? alsoContains = null)
    {
        var ex = Should.Throw<RuleFileException>(() => RuleTemplates.Rule(yaml));

        ex.Message.ShouldStartWith(expectedStart);
        ex.Message.ShouldContain(alsoContains ?? expectedStart);
    }

    [Fact]
    public async Task LoadAsync_ValidFile_LoadsTemplateFromTemplatesFolder()
    {
        var rule = await Load(Full);

        rule.Template.Name.ShouldBe("acknowledge");
        rule.Template.HasSubject.ShouldBeFalse();
        rule.FileName.ShouldBe("rule.yaml");
    }

    [Fact]
    public async Task LoadAsync_MissingTemplateFile_NamesTheExpectedPath()
    {
        var ex = await Should.ThrowAsync<RuleFileException>(() => Load(Minimal.Replace("acknowledge", "welcome", StringComparison.Ordinal)));

        ex.Message.ShouldStartWith("rule.yaml: line 5: template no template 'welcome': expected the file ");
        ex.Message.ShouldEndWith(Path.Combine(_dir, "templates", "welcome.liquid"));
    }

    [Fact]
    public async Task LoadAsync_BrokenTemplate_NamesRuleFileLineAndTemplateLine()
    {
        await Write(Path.Combine("templates", "broken.liquid"), "---\nsubject: Hi\n---\n{% if %}\n");

        var ex = await Should.ThrowAsync<RuleFileException>(() => Load(Minimal.Replace("acknowledge", "broken", StringComparison.Ordinal)));

        ex.Message.ShouldStartWith("rule.yaml: line 5: template broken.liquid: broken: body does not parse at line 4");
    }

    [Fact]
    public async Task LoadAsync_TemplateFileWithUnknownField_NamesTemplateAndField()
    {
        await Write(Path.Combine("templates", "sales.liquid"), "---\nsubject: Hi {{ company }}\n---\nHello\n");

        var ex = await Should.ThrowAsync<RuleFileException>(() => Load(Minimal.Replace("acknowledge", "sales", StringComparison.Ordinal)));

        ex.Message.ShouldStartWith("rule.yaml: line 5: template 'sales' uses field 'company'");
    }

    [Fact]
    public async Task ParseAsync_TemplatesFolder_LoadsTemplateFromIt()
    {
        var rule = await RuleFile.ParseAsync(Minimal, "inline.yaml", Path.Combine(_dir, "templates"), TestContext.Current.CancellationToken);

        rule.Template.Name.ShouldBe("acknowledge");
        rule.FileName.ShouldBe("inline.yaml");
    }

    [Fact]
    public async Task LoadDirectoryAsync_YamlAndYmlFiles_LoadsEachInFileNameOrder()
    {
        await Write("b.yml", Minimal.Replace("support-ack", "second", StringComparison.Ordinal));
        await Write("a.yaml", Minimal.Replace("support-ack", "first", StringComparison.Ordinal));
        await Write("notes.txt", "not a rule");

        var rules = await RuleFile.LoadDirectoryAsync(_dir, TestContext.Current.CancellationToken);

        rules.Select(r => (r.Name, r.FileName)).ShouldBe([("first", "a.yaml"), ("second", "b.yml")]);
    }

    [Fact]
    public async Task LoadDirectoryAsync_EmptyFolder_HasNoRules()
    {
        var rules = await RuleFile.LoadDirectoryAsync(Path.Combine(_dir, "templates"), TestContext.Current.CancellationToken);

        rules.ShouldBeEmpty();
    }

    [Fact]
    public async Task LoadDirectoryAsync_DuplicateNames_NamesBothFiles()
    {
        await Write("a.yaml", Minimal);
        await Write("b.yml", "mailbox: other@acme.example\nmatch: { to: \"other@*\" }\ntemplate: acknowledge\nname: support-ack\n");

        var ex = await Should.ThrowAsync<RuleFileException>(() => RuleFile.LoadDirectoryAsync(_dir, TestContext.Current.CancellationToken));

        ex.Message.ShouldBe("b.yml: line 4: name 'support-ack' is already the name of the rule in a.yaml; rule names must be unique");
    }

    [Fact]
    public async Task LoadDirectoryAsync_MissingFolder_Throws()
    {
        var missing = Path.Combine(_dir, "nope");

        var ex = await Should.ThrowAsync<RuleFileException>(() => RuleFile.LoadDirectoryAsync(missing, TestContext.Current.CancellationToken));

        ex.Message.ShouldBe($"{missing}: no such folder of rule files");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task Write(string fileName, string text) =>
        File.WriteAllTextAsync(Path.Combine(_dir, fileName), text, TestContext.Current.CancellationToken);

    private async Task<InboundRule> Load(string yaml)
    {
        var path = Path.Combine(_dir, "rule.yaml");
        await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);
        return await RuleFile.LoadAsync(path, TestContext.Current.CancellationToken);
    }
}
