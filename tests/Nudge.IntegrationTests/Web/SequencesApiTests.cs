using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Nudge.IntegrationTests.Web;

/// <summary><c>/api/v1/sequences</c> over real HTTP: the sequences loaded, and checking a file before deploying it.</summary>
public sealed class SequencesApiTests : IAsyncLifetime
{
    private const string Valid = """
        name: welcome
        timezone: Europe/Paris
        steps:
          - template: intro
            wait: 0
          - template: bump
            wait: 2 business days
            when: "plan == 'pro'"
        """;

    private NudgeApiServer _server = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await NudgeApiServer.StartAsync(token: "t0ken", Ct);
        _http = _server.CreateClient("Bearer t0ken");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ListSequences_Loaded_SummarisesEachWithItsSteps()
    {
        await _server.Store.PauseSequenceAsync("outreach", "new copy coming", _server.Time.GetUtcNow(), Ct);

        using var list = JsonDocument.Parse(await _http.GetStringAsync("sequences", Ct));

        var outreach = list.RootElement.EnumerateArray().Single();
        outreach.GetProperty("name").GetString().ShouldBe("outreach");
        outreach.GetProperty("paused").GetBoolean().ShouldBeTrue();
        outreach.GetProperty("mailboxes").GetArrayLength().ShouldBe(0);
        outreach.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ShouldContain("company");
        var steps = outreach.GetProperty("steps").EnumerateArray().ToList();
        steps.Select(s => (s.GetProperty("number").GetInt32(), s.GetProperty("template").GetString(), s.GetProperty("wait").GetString(),
            s.GetProperty("thread").GetString())).ShouldBe([(1, "intro", "0 seconds", "reply"), (2, "bump", "3 days", "reply")]);
    }

    [Fact]
    public async Task ValidateSequence_YamlWhoseTemplatesAreOnTheServer_IsValidWithItsSteps()
    {
        using var response = await _http.PostAsync("sequences/validate", Yaml(Valid), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        result.RootElement.GetProperty("valid").GetBoolean().ShouldBeTrue();
        result.RootElement.GetProperty("name").GetString().ShouldBe("welcome");
        result.RootElement.GetProperty("problems").GetArrayLength().ShouldBe(0);
        result.RootElement.GetProperty("templatesNotChecked").GetArrayLength().ShouldBe(0);
        var bump = result.RootElement.GetProperty("steps")[1];
        bump.GetProperty("wait").GetString().ShouldBe("2 business days");
        bump.GetProperty("when").GetString().ShouldBe("plan == 'pro'");
    }

    [Theory]
    [InlineData("name: welcome\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: soon\n", 6, "steps[2].wait")]
    [InlineData("name: welcome\nsteps:\n  - template: intro\n    wait: 0\n    colour: blue\n", 5, "steps[1].colour")]
    [InlineData("name: welcome\ntimezone: Mars/Olympus\nsteps:\n  - template: intro\n    wait: 0\n", 2, "timezone")]
    [InlineData("steps:\n  - template: intro\n    wait: 0\n", 1, "name")]
    [InlineData("name: welcome\nsteps: [\n", 3, null)]
    public async Task ValidateSequence_Mistake_IsInvalidWithItsLineAndField(string yaml, int line, string? field)
    {
        using var response = await _http.PostAsync("sequences/validate", Yaml(yaml), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        result.RootElement.GetProperty("valid").GetBoolean().ShouldBeFalse();
        var problem = result.RootElement.GetProperty("problems").EnumerateArray().Single();
        TestContext.Current.TestOutputHelper?.WriteLine(problem.GetProperty("message").GetString() ?? "");
        problem.GetProperty("line").GetInt32().ShouldBe(line);
        (problem.TryGetProperty("field", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null).ShouldBe(field);
        problem.GetProperty("message").GetString().ShouldStartWith($"sequence.yaml: line {line}: ");
    }

    [Fact]
    public async Task ValidateSequence_TemplatesInTheRequest_AreChecked()
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["yaml"] = "name: welcome\nsteps:\n  - template: hello\n    wait: 0\n",
            ["templates"] = new Dictionary<string, string> { ["hello"] = "Hi {{ first_name }}, no subject here.\n" },
        });

        using var response = await _http.PostAsync("sequences/validate", NudgeApiServer.Json(body), Ct);

        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        result.RootElement.GetProperty("valid").GetBoolean().ShouldBeFalse();
        var problem = result.RootElement.GetProperty("problems").EnumerateArray().Single();
        problem.GetProperty("field").GetString().ShouldBe("steps[1].template");
        problem.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("needs a 'subject:'");
    }

    [Fact]
    public async Task ValidateSequence_TemplateNowhere_IsValidAsFarAsCheckedAndSaysWhichWereNot()
    {
        using var response = await _http.PostAsync("sequences/validate",
            Yaml("name: welcome\nsteps:\n  - template: intro\n    wait: 0\n  - template: mystery\n    wait: 1 day\n"), Ct);

        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        result.RootElement.GetProperty("valid").GetBoolean().ShouldBeTrue();
        result.RootElement.GetProperty("templatesNotChecked").EnumerateArray().Select(t => t.GetString()).ShouldBe(["mystery"]);
    }

    [Fact]
    public async Task ValidateSequence_EmptyBody_Is400()
    {
        using var response = await _http.PostAsync("sequences/validate", Yaml("  \n"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await NudgeApiTests.ProblemAsync(response, 400);
    }

    private static StringContent Yaml(string yaml)
    {
        var content = new StringContent(yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        return content;
    }
}
