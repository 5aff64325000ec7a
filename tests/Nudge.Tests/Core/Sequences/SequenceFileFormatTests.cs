using Nudge.Core.Schedule;
using Nudge.Core.Sequences;

namespace Nudge.Tests.Core.Sequences;

public sealed class SequenceFileFormatTests
{
    internal const string FullFile = """
        name: sales-drip
        mailboxes: [a@acme.example, b@acme.example]
        timezone: America/New_York
        window:
          days: mon-fri
          hours: "09:00-17:00"
        holidays: [2026-12-25, 2027-01-01]
        stop:
          on_reply: true
          on_teammate_reply: false
          on_bounce: true
          on_unsubscribe: false
          out_of_office: stop
          ooo_delay: 2 days
        if_past: skip
        steps:
          - template: intro
            wait: 0
          - template: bump
            wait: 3 business days
            thread: reply
            window: { days: "mon,wed,fri", hours: "10:00-12:00" }
            when: "plan == 'pro' and country != 'FR'"
          - template: reminder
            at: "{{ due_date }} + 30 days"
            if_past: send
          - template: intro
            wait: 10 seconds
            thread: new
        """;

    [Fact]
    public void Parse_EveryField_ExposesParsedValues()
    {
        var sequence = Parse(FullFile);

        sequence.Name.ShouldBe("sales-drip");
        sequence.Mailboxes.ShouldBe(["a@acme.example", "b@acme.example"]);
        sequence.TimeZone!.Id.ShouldBe("America/New_York");
        sequence.Holidays.Order().ShouldBe([new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 1)]);
        sequence.Window.ShouldBe(new SendWindowRule(SendWindowRule.Weekdays, TimeSpan.FromHours(9), TimeSpan.FromHours(17), sequence.Holidays));
        sequence.StopRules.ShouldBe(new StopRules
        {
            OnTeammateReply = false,
            OnUnsubscribe = false,
            OutOfOffice = OutOfOfficeAction.Stop,
            OooDelay = new StepDelay(2, DelayUnit.Days),
        });
        sequence.IfPast.ShouldBe(PastDueAction.Skip);

        var (intro, bump, reminder, last) = (sequence.Steps[0], sequence.Steps[1], sequence.Steps[2], sequence.Steps[3]);
        intro.Delay.ShouldBe(StepDelay.Zero);
        intro.Anchor.ShouldBeNull();
        bump.Delay.ShouldBe(new StepDelay(3, DelayUnit.BusinessDays));
        bump.Wait.ShouldBe(TimeSpan.Zero);
        bump.Window!.Days.Order().ShouldBe([DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday]);
        (bump.Window.Opens, bump.Window.Closes).ShouldBe((TimeSpan.FromHours(10), TimeSpan.FromHours(12)));
        bump.Window.Holidays.Count.ShouldBe(2);
        bump.Condition!.Expression.ShouldBe("plan == 'pro' and country != 'FR'");
        reminder.Anchor.ShouldBe(new StepAnchor("due_date", new StepDelay(30, DelayUnit.Days)));
        reminder.IfPast.ShouldBe(PastDueAction.Send);
        reminder.Wait.ShouldBe(TimeSpan.Zero);
        last.Delay.ShouldBe(new StepDelay(10, DelayUnit.Seconds));
        last.Wait.ShouldBe(TimeSpan.FromSeconds(10));
        last.Thread.ShouldBe(ThreadMode.New);
    }

    [Fact]
    public void Parse_MinimalFile_UsesDefaults()
    {
        var sequence = Parse("name: x\nsteps:\n  - template: intro\n    wait: 0\n");

        sequence.Mailboxes.ShouldBeEmpty();
        sequence.TimeZone.ShouldBeNull();
        sequence.Window.ShouldBeNull();
        sequence.Holidays.ShouldBeEmpty();
        sequence.StopRules.ShouldBe(StopRules.Default);
        sequence.StopRules.OooDelay.ShouldBe(new StepDelay(3, DelayUnit.BusinessDays));
        sequence.StopRules.OutOfOffice.ShouldBe(OutOfOfficeAction.Delay);
        sequence.IfPast.ShouldBe(PastDueAction.Send);
        sequence.Steps[0].Condition.ShouldBeNull();
        sequence.Steps[0].Window.ShouldBeNull();
        sequence.Steps[0].IfPast.ShouldBeNull();
    }

    [Fact]
    public void Parse_SingleMailbox_IsAListOfOne()
    {
        Parse("name: x\nmailbox: sales@acme.example\nsteps:\n  - template: intro\n    wait: 0\n").Mailboxes.ShouldBe(["sales@acme.example"]);
    }

    [Theory]
    [InlineData("every day", 7)]
    [InlineData("all", 7)]
    [InlineData("sat-sun", 2)]
    [InlineData("fri-mon", 4)]
    [InlineData("mon,wed,fri", 3)]
    [InlineData("Monday-Friday", 5)]
    public void Parse_WindowDays_ReadsEachForm(string days, int count)
    {
        var sequence = Parse($"name: x\nwindow:\n  days: {days}\nsteps:\n  - template: intro\n    wait: 0\n");

        sequence.Window!.Days.Count.ShouldBe(count);
        (sequence.Window.Opens, sequence.Window.Closes).ShouldBe((TimeSpan.Zero, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Parse_WindowWithHoursOnly_IsOpenEveryDay()
    {
        var window = Parse("name: x\nwindow: { hours: \"08:30-24:00\" }\nsteps:\n  - template: intro\n    wait: 0\n").Window!;

        window.Days.Count.ShouldBe(7);
        (window.Opens, window.Closes).ShouldBe((new TimeSpan(8, 30, 0), TimeSpan.FromDays(1)));
    }

    [Theory]
    [InlineData("{{ due_date }}", "due_date", 0, DelayUnit.Seconds)]
    [InlineData("{{due_date}} - 2 business days", "due_date", -2, DelayUnit.BusinessDays)]
    [InlineData("{{ renewal }} + 6 hours", "renewal", 6, DelayUnit.Hours)]
    public void Parse_AtForms_ReadAnchor(string at, string field, int amount, DelayUnit unit)
    {
        var step = Parse($"name: x\nsteps:\n  - template: intro\n    at: \"{at}\"\n").Steps[0];

        step.Anchor.ShouldBe(new StepAnchor(field, new StepDelay(amount, unit)));
    }

    [Fact]
    public void ContactFieldsUsed_TemplatesConditionsAndAnchors_AreAllListed()
    {
        var sequence = Parse(FullFile);

        sequence.ContactFieldsUsed.ShouldBe(["company", "country", "due_date", "plan"]);
        sequence.Steps[1].ContactFieldsUsed.ShouldBe(["country", "plan"]);
    }

    [Theory]
    [InlineData("name: x\nmailbox: a@b.example\nmailboxes: [c@d.example]\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: mailboxes cannot be used with 'mailbox'")]
    [InlineData("name: x\nmailboxes: [a@b.example, nope]\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 2: mailboxes[2] 'nope' is not an email address")]
    [InlineData("name: x\nmailboxes: [a@b.example, A@b.example]\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 2: mailboxes[2] 'A@b.example' is listed twice")]
    [InlineData("name: x\nmailbox: [a@b.example]\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 2: mailbox must be a non-empty value")]
    [InlineData("name: x\ntimezone: Mars/Olympus\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 2: timezone 'Mars/Olympus' is not a known IANA time zone")]
    [InlineData("name: x\nwindow:\n  days: mon-fry\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: window.days 'mon-fry' is not a set of days")]
    [InlineData("name: x\nwindow:\n  hours: \"17:00-09:00\"\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: window.hours '17:00-09:00' must end after it starts")]
    [InlineData("name: x\nwindow:\n  hours: 9 to 5\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: window.hours '9 to 5' is not a range of hours")]
    [InlineData("name: x\nwindow:\n  hourz: \"09:00-17:00\"\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: window.hourz is not a known field")]
    [InlineData("name: x\nwindow: {}\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 2: window needs 'days', 'hours' or both")]
    [InlineData("name: x\nholidays: [2026-12-25, 25/12/2026]\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 2: holidays[2] '25/12/2026' is not a date")]
    [InlineData("name: x\nstop:\n  on_reply: maybe\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: stop.on_reply 'maybe' is not 'true' or 'false'")]
    [InlineData("name: x\nstop:\n  out_of_office: pause\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: stop.out_of_office 'pause' is not 'delay', 'ignore' or 'stop'")]
    [InlineData("name: x\nstop:\n  ooo_delay: a while\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: stop.ooo_delay 'a while' is not a wait")]
    [InlineData("name: x\nstop:\n  on_spam: true\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 3: stop.on_spam is not a known field")]
    [InlineData("name: x\nif_past: later\nsteps:\n  - template: intro\n    wait: 0\n",
        "s.yaml: line 2: if_past 'later' is not 'send' or 'skip'")]
    [InlineData("name: x\nsteps:\n  - template: intro\n", "s.yaml: line 3: steps[1] needs 'wait'")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n    at: \"{{ d }}\"\n",
        "s.yaml: line 5: steps[1].at cannot be used with 'wait'")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    at: \"due_date + 3 days\"\n",
        "s.yaml: line 4: steps[1].at 'due_date + 3 days' is not a time")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    at: \"{{ due_date }} + 3 fortnights\"\n",
        "s.yaml: line 4: steps[1].at '{{ due_date }} + 3 fortnights' is not a time")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    at: {{ due_date }} + 3 days\n", "s.yaml: line 4: ")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n    if_past: skip\n",
        "s.yaml: line 5: steps[1].if_past applies only to a step with 'at'")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    at: \"{{ d }}\"\n    if_past: never\n",
        "s.yaml: line 5: steps[1].if_past 'never' is not 'send' or 'skip'")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 1 day\n    when: \"plan ==\"\n",
        "s.yaml: line 7: steps[2].when 'plan ==' is not a valid Liquid condition")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 1 day\n    when: \"employees > 50\"\n",
        "s.yaml: line 7: steps[2].when 'employees > 50' compares field 'employees' with the number 50")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 1 day\n    when: \"x %} hi {% if y\"\n",
        "s.yaml: line 7: steps[2].when 'x %} hi {% if y' must be a bare expression")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 3 bizdays\n",
        "s.yaml: line 6: steps[2].wait '3 bizdays' is not a wait")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 1 day\n    window: { days: mon-fri, hours: \"25:00-26:00\" }\n",
        "s.yaml: line 7: steps[2].window.hours '25:00-26:00' is not a range of hours")]
    [InlineData("name: x\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 1 day\n    thread: new\n",
        "s.yaml: line 5: steps[2].template template 'bump' starts a thread")]
    [InlineData("name: x\nsteps:\n  - template: outro\n    wait: 0\n", "s.yaml: line 3: steps[1].template no template 'outro': known templates: bump, intro, reminder")]
    public void Parse_InvalidFile_NamesFileLineAndField(string yaml, string expectedStart)
    {
        var ex = Should.Throw<SequenceFileException>(() => Parse(yaml));

        ex.Message.ShouldStartWith(expectedStart);
    }

    [Fact]
    public void Parse_UnquotedAt_HintsAtQuotes()
    {
        var ex = Should.Throw<SequenceFileException>(() => Parse("name: x\nsteps:\n  - template: intro\n    at: {{ due_date }} + 3 days\n"));

        ex.Message.ShouldContain("must be in quotes");
    }

    private static SequenceDefinition Parse(string yaml) => SequenceFile.Parse(yaml, "s.yaml", SequenceTemplates.Set());
}
