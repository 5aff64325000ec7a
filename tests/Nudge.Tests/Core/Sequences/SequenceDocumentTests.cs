using CsCheck;
using Nudge.Core.Sequences;

namespace Nudge.Tests.Core.Sequences;

public sealed class SequenceDocumentTests
{
    [Fact]
    public void ToYaml_EveryFieldReadBack_ParsesToTheSameSequence()
    {
        var original = Parse(SequenceFileFormatTests.FullFile);

        var written = SequenceDocument.Read(SequenceFileFormatTests.FullFile, "a.yaml").ToYaml();
        var again = Parse(written);

        again.Name.ShouldBe(original.Name);
        again.Mailboxes.ShouldBe(original.Mailboxes);
        again.TimeZone.ShouldBe(original.TimeZone);
        again.Window.ShouldBe(original.Window);
        again.Holidays.Order().ShouldBe(original.Holidays.Order());
        again.StopRules.ShouldBe(original.StopRules);
        again.IfPast.ShouldBe(original.IfPast);
        again.Steps.Count.ShouldBe(original.Steps.Count);
        for (var i = 0; i < original.Steps.Count; i++)
        {
            var (a, b) = (again.Steps[i], original.Steps[i]);
            (a.Number, a.Template.Name, a.Delay, a.Anchor, a.Thread, a.Window, a.Condition?.Expression, a.IfPast)
                .ShouldBe((b.Number, b.Template.Name, b.Delay, b.Anchor, b.Thread, b.Window, b.Condition?.Expression, b.IfPast));
        }
    }

    [Fact]
    public void Read_FullFile_KeepsTheTextAsWritten()
    {
        var document = SequenceDocument.Read(SequenceFileFormatTests.FullFile, "a.yaml");

        document.Mailboxes.ShouldBe("a@acme.example, b@acme.example");
        (document.WindowDays, document.WindowHours).ShouldBe(("mon-fri", "09:00-17:00"));
        document.Holidays.ShouldBe("2026-12-25, 2027-01-01");
        (document.StopOnReply, document.StopOnTeammateReply, document.StopOnUnsubscribe).ShouldBe((true, false, false));
        (document.OutOfOffice, document.OooDelay).ShouldBe(("stop", "2 days"));
        document.Steps.Select(s => s.Wait).ShouldBe(["0", "3 business days", null, "10 seconds"]);
        document.Steps[2].At.ShouldBe("{{ due_date }} + 30 days");
        document.Steps[1].When.ShouldBe("plan == 'pro' and country != 'FR'");
        (document.Steps[1].WindowDays, document.Steps[1].WindowHours).ShouldBe(("mon,wed,fri", "10:00-12:00"));
    }

    [Fact]
    public void ToYaml_OneMailboxAndBlankSteps_WritesMailboxAndOnlyTheFilledSteps()
    {
        var document = new SequenceDocument
        {
            Name = "welcome",
            Mailboxes = " sam@acme.example ",
            Steps = [new() { Template = "intro", Wait = "0" }, new(), new() { Template = "bump", Wait = "2 days", Thread = "reply" }],
        };

        var yaml = document.ToYaml();

        yaml.ShouldContain("\nmailbox: sam@acme.example\n");
        yaml.ShouldNotContain("mailboxes");
        yaml.ShouldNotContain("thread");
        var sequence = Parse(yaml);
        sequence.Steps.Select(s => s.Template.Name).ShouldBe(["intro", "bump"]);
        sequence.Mailboxes.ShouldBe(["sam@acme.example"]);
        sequence.StopRules.ShouldBe(StopRules.Default);
    }

    [Fact]
    public void ToYaml_BadWait_ParseErrorNamesTheStepField()
    {
        var document = new SequenceDocument
        {
            Name = "welcome",
            Steps = [new() { Template = "intro", Wait = "0" }, new() { Template = "bump", Wait = "3 busines days" }],
        };

        var error = Should.Throw<SequenceFileException>(() => Parse(document.ToYaml()));

        error.Message.ShouldContain("steps[2].wait '3 busines days' is not a wait");
    }

    [Fact]
    public void ToYaml_AnyConditionText_ReadsBackTheSameText()
    {
        // Quotes, colons, '#', braces, backslashes and control characters must survive the file: a form sends anything.
        Gen.String[Gen.Char[" abc:#'\"\\{}[]&*!|>%@`,-\t\u00e9\u0001"], 1, 40].Sample(text =>
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                return;
            }

            var document = new SequenceDocument { Name = "n", Steps = [new() { Template = "intro", Wait = "0", When = text }] };

            SequenceDocument.Read(document.ToYaml(), "n.yaml").Steps.Single().When.ShouldBe(trimmed);
        });
    }

    [Fact]
    public void Read_StepsNotMappings_NamesTheStep()
    {
        var error = Should.Throw<SequenceFileException>(() => SequenceDocument.Read("name: x\nsteps:\n  - intro\n", "x.yaml"));

        error.Message.ShouldBe("x.yaml: line 3: steps[1] must be a mapping with 'template' and 'wait' (or 'at')");
    }

    private static SequenceDefinition Parse(string yaml) => SequenceFile.Parse(yaml, "a.yaml", SequenceTemplates.Set());
}
