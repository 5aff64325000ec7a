using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Templates;

namespace Nudge.Tests.Core.Templates;

public class TemplateEngineTests
{
    private readonly TemplateEngine _engine = new(new FakeTimeProvider());

    [Fact]
    public async Task RenderAsync_AllFieldsPresent_RendersSubjectTextAndHtml()
    {
        var template = TemplateEngine.Parse("intro", "Hello {{ company }}", "Hi **{{ first_name }}**,\n\nSee you.");

        var result = await _engine.RenderAsync(template, Fields(("first_name", "Chloé"), ("company", "Société")), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeTrue();
        result.Message!.Subject.ShouldBe("Hello Société");
        result.Message.Text.ShouldBe("Hi **Chloé**,\n\nSee you.\n");
        result.Message.Html.ShouldContain("<strong>Chloé</strong>");
    }

    [Fact]
    public async Task RenderAsync_MissingField_ReportsItAndRendersNothing()
    {
        var template = TemplateEngine.Parse("intro", "About {{ company }}", "Hi {{ first_name }}");

        var result = await _engine.RenderAsync(template, Fields(("first_name", "Ana")), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBeNull();
        result.MissingFields.ShouldBe(["company"]);
        result.DescribeFailure("intro", "ana@example.com").ShouldContain("'company'");
        result.DescribeFailure("intro", "ana@example.com").ShouldContain("ana@example.com");
        result.DescribeFailure("intro", "ana@example.com").ShouldContain("intro");
    }

    [Fact]
    public async Task RenderAsync_BlankField_CountsAsMissing()
    {
        var template = TemplateEngine.Parse("intro", null, "Hi {{ first_name }},");

        var result = await _engine.RenderAsync(template, Fields(("first_name", "   ")), TestContext.Current.CancellationToken);

        result.MissingFields.ShouldBe(["first_name"]);
    }

    [Fact]
    public async Task RenderAsync_FieldWithDefault_UsesTheFallback()
    {
        var template = TemplateEngine.Parse("intro", null, "Hi {{ first_name | default: \"there\" }},");

        var result = await _engine.RenderAsync(template, Fields(), TestContext.Current.CancellationToken);

        result.Message!.Text.ShouldBe("Hi there,\n");
    }

    [Fact]
    public async Task RenderAsync_FieldGuardedByIf_IsOptional()
    {
        var template = TemplateEngine.Parse("intro", null, "Hello{% if role %} {{ role | upcase }}{% endif %}.");

        var without = await _engine.RenderAsync(template, Fields(), TestContext.Current.CancellationToken);
        var with = await _engine.RenderAsync(template, Fields(("role", "cto")), TestContext.Current.CancellationToken);

        without.Message!.Text.ShouldBe("Hello.\n");
        with.Message!.Text.ShouldBe("Hello CTO.\n");
    }

    [Fact]
    public void Parse_FieldUsedWithAndWithoutDefault_IsRequired()
    {
        var template = TemplateEngine.Parse("t", null, "{{ name | default: 'you' }} and {{ name }}");

        template.RequiredFields.ShouldBe(["name"]);
    }

    [Fact]
    public void Parse_AssignedAndLoopVariables_AreNotFields()
    {
        var template = TemplateEngine.Parse("t", null, "{% assign greeting = 'Hi' %}{{ greeting }} {% for t in tags %}{{ t }}{% endfor %}");

        template.RequiredFields.ShouldBe(["tags"]);
    }

    [Fact]
    public async Task RenderAsync_HtmlInAField_IsEncodedInHtmlButKeptInText()
    {
        var template = TemplateEngine.Parse("t", null, "Hi {{ first_name }}");

        var result = await _engine.RenderAsync(template, Fields(("first_name", "<script>x</script>")), TestContext.Current.CancellationToken);

        result.Message!.Html.ShouldNotContain("<script>");
        result.Message.Html.ShouldContain("&lt;script&gt;");
        result.Message.Text.ShouldContain("<script>x</script>");
    }

    [Fact]
    public void Parse_BrokenLiquid_NamesTemplateAndLineOfTheFile()
    {
        var ex = Should.Throw<TemplateException>(() => TemplateEngine.Parse("intro", null, "Hi,\n\n{{ first_name ", bodyFirstLine: 4));

        ex.Message.ShouldContain("intro");
        ex.Message.ShouldContain("line 6");
    }

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
}
