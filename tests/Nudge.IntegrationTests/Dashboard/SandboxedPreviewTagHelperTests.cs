using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Nudge.Web.Dashboard;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>Template previews render in a sandboxed iframe whose markup cannot escape its attribute.</summary>
public sealed class SandboxedPreviewTagHelperTests
{
    [Fact]
    public void Process_HostileHtml_IsEncodedIntoASandboxWithNoPermissions()
    {
        const string Hostile = "<p onclick=\"x()\">Hi</p>\"><script>parent.document.cookie</script>";
        var helper = new SandboxedPreviewTagHelper { Html = Hostile, Title = "Intro for Ann" };
        var output = new TagHelperOutput("sandboxed-preview",
            [new TagHelperAttribute("sandbox", "allow-scripts allow-same-origin"), new TagHelperAttribute("data-step", "1")],
            (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));

        helper.Process(new TagHelperContext([], new Dictionary<object, object>(), "id"), output);
        using var writer = new StringWriter();
        output.WriteTo(writer, HtmlEncoder.Default);
        var html = writer.ToString();

        html.ShouldStartWith("<iframe ");
        html.ShouldEndWith("></iframe>");
        html.ShouldContain("sandbox=\"\"");
        html.ShouldNotContain("allow-");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<p");
        html.ShouldContain("srcdoc=\"&lt;p onclick=&quot;x()&quot;&gt;Hi&lt;/p&gt;&quot;&gt;&lt;script&gt;");
        html.ShouldContain("title=\"Intro for Ann\"");
        html.ShouldContain("data-step=\"1\"");
    }
}
