using System.Net;
using System.Text.RegularExpressions;
using Nudge.Core.Contacts;
using Nudge.Web.Dashboard;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>The templates pages over real HTTP: the list, the preview for a contact, missing fields, saving.</summary>
public sealed partial class DashboardTemplatesTests : SignedInDashboardTests
{

    private string IntroPath => Path.Combine(Server.App.Services.GetService(typeof(DashboardOptions)) is DashboardOptions { TemplatesDirectory: { } d }
        ? d
        : throw new InvalidOperationException("no templates folder"), "intro.liquid");

    [Fact]
    public async Task Templates_Get_ListsEachTemplateWithItsUseSubjectAndRequiredFields()
    {
        var html = await Client.GetStringAsync("templates");

        html.ShouldContain("<a href=\"/templates/intro\">intro</a>");
        html.ShouldContain("<td>outreach step 1</td>");
        html.ShouldContain("<code>Hello {{ company }}</code>");
        html.ShouldContain("<code class=\"field\">company</code>");
        html.ShouldContain("<a href=\"/templates/bump\">bump</a>");
        html.ShouldContain("none: replies in the thread");
        html.ShouldContain("<a href=\"/templates\" aria-current=\"page\">Templates</a>");
    }

    [Fact]
    public async Task Edit_ContactWithFirstName_ShowsItInTheTextPartAndTheEncodedSrcdoc()
    {
        var id = await AddContactAsync("chloe@globex.example", new() { ["first_name"] = "Chloé", ["company"] = "Globex" });

        var html = await Client.GetStringAsync($"templates/intro?contact={id}");

        WebUtility.HtmlDecode(PreOf(html)).ShouldBe("Hi Chloé,\n\nA note for Globex.\n");
        html.ShouldContain("<dd class=\"preview-subject\">Hello Globex</dd>");
        var srcdoc = SrcdocOf(html);
        srcdoc.ShouldNotContain("<");
        var frameHtml = WebUtility.HtmlDecode(srcdoc);
        frameHtml.ShouldStartWith("<p>Hi ");
        WebUtility.HtmlDecode(frameHtml).ShouldContain("Hi Chloé,");
        html.ShouldContain("sandbox=\"\"");
    }

    [Fact]
    public async Task Edit_ContactWithoutARequiredField_WarnsNamingTheField()
    {
        var id = await AddContactAsync("ann@initech.example", new() { ["first_name"] = "Ann" });

        var html = await Client.GetStringAsync($"templates/intro?contact={id}");

        html.ShouldContain("<li>missing field <code>company</code></li>");
        html.ShouldContain("For ann@initech.example.");
        html.ShouldNotContain("<iframe");
    }

    [Fact]
    public async Task PreviewPost_SampleFieldsWithScript_AnswersTheFragmentForTheUnsavedText()
    {
        var token = await Client.GetTokenAsync("templates/intro");
        using var request = new HttpRequestMessage(HttpMethod.Post, "templates/intro?handler=Preview")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Subject"] = "Draft for {{ company }}",
                ["Body"] = "Dear {{ first_name }}",
                ["Sample"] = "first_name=Zoë\ncompany=Acme",
            }),
        };
        request.Headers.Add(NudgeDashboard.AntiforgeryHeaderName, token);
        request.Headers.Add(NudgeDashboard.FragmentHeaderName, "1");

        using var response = await Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = (await response.Content.ReadAsStringAsync(Ct)).Trim();
        html.ShouldStartWith("<section id=\"template-preview\"");
        html.ShouldNotContain("<html");
        WebUtility.HtmlDecode(PreOf(html)).ShouldBe("Dear Zoë\n");
        html.ShouldContain("<dd class=\"preview-subject\">Draft for Acme</dd>");
        (await File.ReadAllTextAsync(IntroPath, Ct)).ShouldNotContain("Draft");
    }

    [Fact]
    public async Task Save_InvalidTemplate_ShowsTheErrorLineAndLeavesTheFile()
    {
        var before = await File.ReadAllTextAsync(IntroPath, Ct);

        using var response = await Client.PostFormAsync("templates/intro?handler=Save",
            new() { ["Subject"] = "Hello {{ company }}", ["Body"] = "Hi,\n\n{% if company %}unclosed\n" }, "templates/intro");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("Not saved: intro.liquid:");
        html.ShouldMatch(@"Not saved: [^<]*line \d+");
        (await File.ReadAllTextAsync(IntroPath, Ct)).ShouldBe(before);
        Directory.GetFiles(Path.GetDirectoryName(IntroPath)!, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task Save_ValidTemplate_WritesTheFileAndSaysSo()
    {
        using var response = await Client.PostFormAsync("templates/intro?handler=Save",
            new() { ["Subject"] = "Hi again {{ company }}", ["Body"] = "Hello {{ first_name | default: \"you\" }}.\r\n" }, "templates/intro");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/templates/intro?saved=True");
        (await File.ReadAllTextAsync(IntroPath, Ct)).ShouldBe("---\nsubject: Hi again {{ company }}\n---\nHello {{ first_name | default: \"you\" }}.\n");
        Directory.GetFiles(Path.GetDirectoryName(IntroPath)!, "*.tmp").ShouldBeEmpty();
        // The sequences were loaded again: the worker of the process sends the new text.
        var options = (DashboardOptions)Server.App.Services.GetService(typeof(DashboardOptions))!;
        var rendered = await new Nudge.Core.Templates.TemplateEngine(Server.Time)
            .RenderAsync(options.Sequences!.Find("outreach")!.Steps[0].Template, new Dictionary<string, string> { ["company"] = "Globex" }, Ct);
        rendered.Message!.Subject.ShouldBe("Hi again Globex");
        var html = await Client.GetStringAsync("templates/intro?saved=True");
        html.ShouldContain("Saved.");
        html.ShouldContain("value=\"Hi again {{ company }}\"");
    }

    [Fact]
    public async Task Edit_TemplateNoSequenceUses_Is404()
    {
        using var response = await Client.GetAsync("templates/..%2Foutreach");
        using var unknown = await Client.GetAsync("templates/nope");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<long> AddContactAsync(string email, Dictionary<string, string> fields) =>
        await Server.Store.UpsertContactAsync(new Contact(0, email, fields), Ct);

    private static string PreOf(string html) => PrePattern().Match(html).Groups[1].Value;

    private static string SrcdocOf(string html)
    {
        var match = SrcdocPattern().Match(html);
        match.Success.ShouldBeTrue("no preview frame: " + html);
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<pre class=\"preview-text\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex PrePattern();

    [GeneratedRegex("srcdoc=\"([^\"]*)\"")]
    private static partial Regex SrcdocPattern();
}
