using Nudge.Core.Templates;

namespace Nudge.Tests.Core.Templates;

public class TemplateFileTests
{
    [Fact]
    public void Parse_FrontMatterSubject_IsTheTemplateSubject()
    {
        var template = TemplateFile.Parse("intro", "intro.liquid", "---\nsubject: \"Hello {{ company }}\"\n---\nHi {{ first_name }}\n");

        template.HasSubject.ShouldBeTrue();
        template.RequiredFields.ShouldBe(["company", "first_name"], ignoreOrder: true);
    }

    [Fact]
    public void Parse_NoFrontMatter_HasNoSubject()
    {
        var template = TemplateFile.Parse("follow-up", "follow-up.liquid", "Just checking in.\n");

        template.HasSubject.ShouldBeFalse();
    }

    [Fact]
    public void Parse_UnknownFrontMatterField_NamesFileLineAndField()
    {
        var ex = Should.Throw<TemplateException>(() => TemplateFile.Parse("t", "t.liquid", "---\nsubject: x\nsubjct: y\n---\nbody"));

        ex.Message.ShouldBe("t.liquid: line 3: unknown front matter field 'subjct' (known: subject)");
    }

    [Fact]
    public void Parse_UnclosedFrontMatter_SaysSo()
    {
        var ex = Should.Throw<TemplateException>(() => TemplateFile.Parse("t", "t.liquid", "---\nsubject: x\nbody"));

        ex.Message.ShouldContain("never closed");
    }

    [Fact]
    public void Parse_BrokenLiquidInBody_NamesTheFileLine()
    {
        var ex = Should.Throw<TemplateException>(() => TemplateFile.Parse("t", "t.liquid", "---\nsubject: x\n---\nline 4\n{% if %}"));

        ex.Message.ShouldStartWith("t.liquid: ");
        ex.Message.ShouldContain("line 5");
    }
}
