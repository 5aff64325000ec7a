using System.Net;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Schedule;
using Nudge.Core.Sequences;
using Nudge.Web.Dashboard;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The sequences pages over real HTTP: the list, a sequence's steps and plan, enrolling with a preview first, and the
/// form that saves the sequence's YAML file and loads it into the catalog the worker reads.
/// </summary>
public sealed class DashboardSequencesTests : SignedInDashboardTests
{
    private DashboardOptions Options => (DashboardOptions)Server.App.Services.GetService(typeof(DashboardOptions))!;

    private string SequencesFolder => Options.SequencesPath!;

    [Fact]
    public async Task Sequences_Get_ListsEachSequenceWithItsTimingAndLeads()
    {
        await Server.EnrollAsync("ann@globex.example");

        var html = await Client.GetStringAsync("sequences");

        html.ShouldContain("<a href=\"/sequences/outreach\">outreach</a>");
        // Razor writes the non-ASCII separator as an entity.
        WebUtility.HtmlDecode(html).ShouldContain("<td>at once · +3 days</td>");
        html.ShouldContain("<a class=\"button\" href=\"/sequences/new\">New sequence</a>");
        html.ShouldContain("<a href=\"/sequences\" aria-current=\"page\">Sequences</a>");
    }

    [Fact]
    public async Task Detail_EnrolledContact_ShowsTheStepsAndThePlanTimeline()
    {
        var enrollment = await Server.EnrollAsync("ann@globex.example");

        var html = await Client.GetStringAsync("sequences/outreach");

        html.ShouldContain("<a href=\"/templates/intro\">intro</a>");
        html.ShouldContain("replies in the thread");
        html.ShouldContain("<ol class=\"timeline plan\">");
        html.ShouldContain($"<a href=\"/leads/{enrollment}\">ann@globex.example</a> · “Hello Globex” from {CliWorkspace.MailboxEmail}");
        html.ShouldContain("<span class=\"kind\">Step 2</span>");
        html.ShouldContain("Sends per day (UTC)");
    }

    [Fact]
    public async Task Preview_ChosenContact_ShowsItsFirstMessageAndStoresNothing()
    {
        var id = await AddContactAsync("bo@initech.example", new() { ["company"] = "Initech", ["timezone"] = "Europe/Paris" });

        using var response = await Client.PostFormAsync("sequences/outreach?handler=Preview", new() { ["contact"] = Id(id) }, "sequences/outreach");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("What enrolling would do: nothing is stored until you enroll.");
        html.ShouldContain("<td>Step 1: “Hello Initech”</td>");
        html.ShouldContain($"<td>{CliWorkspace.MailboxEmail}</td>");
        // 09:30 UTC is 10:30 in Paris on 2 March.
        html.ShouldContain("Mon 2 Mar 10:30 (Europe/Paris)");
        html.ShouldContain("Enroll 1 contact");
        (await Server.Store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Preview_SuppressedContact_SaysWhyAndOffersNothingToEnroll()
    {
        var id = await AddContactAsync("gone@initech.example", new() { ["company"] = "Initech" });
        await Server.Store.AddSuppressionAsync(Suppression.Parse("gone@initech.example", "unsubscribed", Server.Time.GetUtcNow()), Ct);

        using var response = await Client.PostFormAsync("sequences/outreach?handler=Preview", new() { ["contact"] = Id(id) }, "sequences/outreach");

        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("<span class=\"state state-failed\">refused</span>");
        html.ShouldContain("is on the suppression list");
        html.ShouldContain("disabled=\"disabled\">Enroll 0 contacts</button>");
    }

    [Fact]
    public async Task Preview_NoContactChosen_Is422WithTheReason()
    {
        await AddContactAsync("bo@initech.example", new() { ["company"] = "Initech" });

        using var response = await Client.PostFormAsync("sequences/outreach?handler=Preview", [], "sequences/outreach");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Choose at least one contact.");
    }

    [Fact]
    public async Task Enroll_ChosenContact_EnrollsItAndShowsItInThePlan()
    {
        var id = await AddContactAsync("bo@initech.example", new() { ["company"] = "Initech" });

        using var response = await Client.PostFormAsync("sequences/outreach?handler=Enroll", new() { ["contact"] = Id(id) }, "sequences/outreach");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/sequences/outreach?enrolled=1");
        var enrollment = (await Server.Store.ListEnrollmentsAsync(Ct)).ShouldHaveSingleItem();
        (enrollment.ContactId, enrollment.SequenceName, enrollment.NextStep).ShouldBe((id, "outreach", 1));
        var html = await Client.GetStringAsync("sequences/outreach?enrolled=1");
        html.ShouldContain("Enrolled 1 contact.");
        html.ShouldContain("bo@initech.example</a> · “Hello Initech”");
        html.ShouldContain("already in this sequence");
    }

    [Fact]
    public async Task Edit_Get_ShowsTheFileAsAForm()
    {
        var html = await Client.GetStringAsync("sequences/outreach/edit");

        html.ShouldContain("<input id=\"f-name\" value=\"outreach\" readonly");
        html.ShouldContain("name=\"Document.Steps[1].Wait\" id=\"f-steps-2-wait\" value=\"3 days\"");
        html.ShouldContain("<option value=\"bump\" selected=\"selected\">bump</option>");
    }

    [Fact]
    public async Task Save_NewWait_WritesTheYamlAndTheWorkersCatalogUsesIt()
    {
        var fields = OutreachForm();
        fields["Document.Steps[1].Wait"] = "2 business days";
        fields["Document.WindowDays"] = "mon-fri";
        fields["Document.WindowHours"] = "09:00-17:00";

        using var response = await Client.PostFormAsync("sequences/outreach/edit?handler=Save", fields, "sequences/outreach/edit");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        response.Headers.Location!.OriginalString.ShouldBe("/sequences/outreach");
        var text = await File.ReadAllTextAsync(Path.Combine(SequencesFolder, "outreach.yaml"), Ct);
        text.ShouldContain("    wait: 2 business days\n");
        text.ShouldContain("window: { days: mon-fri, hours: \"09:00-17:00\" }\n");
        // The file is the CLI's format, and the catalog the worker and the enroller share holds the new timing.
        (await SequenceFile.LoadAsync(Path.Combine(SequencesFolder, "outreach.yaml"), Ct)).Steps[1].Delay
            .ShouldBe(new StepDelay(2, DelayUnit.BusinessDays));
        Options.Sequences!.Find("outreach")!.Steps[1].Delay.ShouldBe(new StepDelay(2, DelayUnit.BusinessDays));
        Options.Sequences.Find("outreach")!.Window!.ToString().ShouldBe("mon,tue,wed,thu,fri 09:00-17:00");
        Directory.GetFiles(SequencesFolder, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task Save_BadWait_Is422NamingAndMarkingTheFieldAndLeavesTheFile()
    {
        var path = Path.Combine(SequencesFolder, "outreach.yaml");
        var before = await File.ReadAllTextAsync(path, Ct);
        var fields = OutreachForm();
        fields["Document.Steps[1].Wait"] = "3 busines days";

        using var response = await Client.PostFormAsync("sequences/outreach/edit?handler=Save", fields, "sequences/outreach/edit");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("outreach.yaml: line ");
        html.ShouldContain("steps[2].wait &#x27;3 busines days&#x27; is not a wait");
        html.ShouldContain("id=\"f-steps-2-wait\" value=\"3 busines days\" aria-invalid=\"true\"");
        (await File.ReadAllTextAsync(path, Ct)).ShouldBe(before);
        Options.Sequences!.Find("outreach")!.Steps[1].Delay.ShouldBe(new StepDelay(3, DelayUnit.Days));
    }

    [Fact]
    public async Task Save_UnknownTemplate_NamesTheStepsTemplateField()
    {
        var fields = OutreachForm();
        fields["Document.Steps[0].Template"] = "nope";

        using var response = await Client.PostFormAsync("sequences/outreach/edit?handler=Save", fields, "sequences/outreach/edit");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("steps[1].template no template &#x27;nope&#x27;");
        html.ShouldContain("id=\"f-steps-1-template\" aria-invalid=\"true\"");
    }

    [Fact]
    public async Task AddStepThenRemoveStep_ComeBackToTheFormWithTheStepsChanged()
    {
        using var added = await Client.PostFormAsync("sequences/outreach/edit?handler=AddStep", OutreachForm(), "sequences/outreach/edit");
        var html = await added.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("id=\"f-steps-3-wait\" value=\"3 business days\"");

        var fields = OutreachForm();
        using var removed = await Client.PostFormAsync("sequences/outreach/edit?handler=RemoveStep&index=0", fields, "sequences/outreach/edit");
        html = await removed.Content.ReadAsStringAsync(Ct);
        html.ShouldNotContain("id=\"f-steps-2-wait\"");
        html.ShouldContain("id=\"f-steps-1-wait\" value=\"3 days\"");
        // Nothing is saved by either.
        (await File.ReadAllTextAsync(Path.Combine(SequencesFolder, "outreach.yaml"), Ct)).ShouldNotContain("Saved from the Nudge dashboard");
    }

    [Fact]
    public async Task SaveNew_ValidSequence_CreatesItsFileAndListsIt()
    {
        using var response = await Client.PostFormAsync("sequences/new?handler=Save", new()
        {
            ["Document.Name"] = "onboarding",
            ["Document.TimeZone"] = "Europe/Paris",
            ["Document.Steps[0].Template"] = "intro",
            ["Document.Steps[0].Wait"] = "1 day",
            ["Document.Steps[1].Template"] = "bump",
            ["Document.Steps[1].Wait"] = "2 days",
            ["Document.Steps[1].When"] = "plan == 'pro'",
        }, "sequences/new");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        response.Headers.Location!.OriginalString.ShouldBe("/sequences?created=onboarding");
        var sequence = await SequenceFile.LoadAsync(Path.Combine(SequencesFolder, "onboarding.yaml"), Ct);
        sequence.Steps[1].Condition!.Expression.ShouldBe("plan == 'pro'");
        sequence.TimeZone!.Id.ShouldBe("Europe/Paris");
        Options.Sequences!.Find("onboarding").ShouldNotBeNull();
        (await Client.GetStringAsync("sequences?created=onboarding")).ShouldContain("<a href=\"/sequences/onboarding\">onboarding</a>");
    }

    [Theory]
    [InlineData("outreach", "a sequence named &#x27;outreach&#x27; already exists")]
    [InlineData("../evil", "name: write a name of letters, digits")]
    public async Task SaveNew_TakenOrUnsafeName_IsRefusedAndWritesNothing(string name, string expected)
    {
        var files = Directory.GetFiles(SequencesFolder).Length;

        using var response = await Client.PostFormAsync("sequences/new?handler=Save", new()
        {
            ["Document.Name"] = name,
            ["Document.Steps[0].Template"] = "intro",
            ["Document.Steps[0].Wait"] = "0",
        }, "sequences/new");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(expected);
        Directory.GetFiles(SequencesFolder).Length.ShouldBe(files);
        Directory.GetFiles(Path.GetDirectoryName(SequencesFolder)!, "*.yaml").ShouldBeEmpty();
    }

    [Fact]
    public async Task Detail_UnknownSequence_Is404()
    {
        using var response = await Client.GetAsync("sequences/nope");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static Dictionary<string, string> OutreachForm() => new()
    {
        ["Document.StopOnReply"] = "true",
        ["Document.StopOnTeammateReply"] = "true",
        ["Document.StopOnBounce"] = "true",
        ["Document.StopOnUnsubscribe"] = "true",
        ["Document.Steps[0].Template"] = "intro",
        ["Document.Steps[0].Wait"] = "0",
        ["Document.Steps[1].Template"] = "bump",
        ["Document.Steps[1].Wait"] = "3 days",
    };

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> AddContactAsync(string email, Dictionary<string, string> fields) =>
        await Server.Store.UpsertContactAsync(new Contact(0, email, fields), Ct);
}
