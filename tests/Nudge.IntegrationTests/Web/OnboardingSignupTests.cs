using System.Net;
using System.Text.Json;
using Nudge.Core.Enrollments;
using Nudge.Core.Webhooks;
using Nudge.Web.Api;
using Nudge.Web.Webhooks;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// <c>examples/onboarding-api</c> driven the way its README says an app drives it: the app's sign-up handler POSTs the new
/// user to <c>/api/v1/enrollments</c> with an API key, the worker sends the welcome through the Gmail sandbox, and the
/// app's CRM hears of the user's answer through a webhook.
/// </summary>
public sealed class OnboardingSignupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignupWebhook_NewUsers_EnrolledOverHttpWelcomedAtOnceAndTheirReplyPostedToTheCrm()
    {
        // Monday 2 March 2026, 04:45 UTC: 10:15 in Bengaluru.
        await using var example = await ExampleRunner.StartAsync("onboarding-api", new DateTimeOffset(2026, 3, 2, 4, 45, 0, TimeSpan.Zero),
            "Maya at Acme Cloud", Ct);
        var options = new NudgeApiOptions { Sequences = [example.Sequence], SequencesDirectory = example.Folder };
        await using var api = await NudgeApiServer.StartAsync(example.Store, example.Enroller, example.Mailbox, example.Clock, options, Ct);
        await using var crm = await WebhookReceiver.StartAsync(Ct);
        var (key, _) = await api.CreateApiKeyAsync("sign-up form", Ct);
        using var app = api.CreateClient("Bearer " + key);
        var secret = await RegisterWebhookAsync(app, crm.Url);

        // Priya signs up for Pro; the sign-up webhook is delivered twice, as webhooks are: she is enrolled once.
        const string Priya = """
            {"email":"priya@nimbus-labs.example","sequence":"onboarding",
             "fields":{"first_name":"Priya","company":"Nimbus Labs","plan":"pro","timezone":"Asia/Kolkata"}}
            """;
        using var signup = await app.PostAsync("enrollments", NudgeApiServer.Json(Priya), Ct);
        using var redelivered = await app.PostAsync("enrollments", NudgeApiServer.Json(Priya), Ct);
        var signedUpAt = example.Now;

        signup.StatusCode.ShouldBe(HttpStatusCode.Created);
        redelivered.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var enrolled = JsonDocument.Parse(await signup.Content.ReadAsStringAsync(Ct));
        var priyaId = enrolled.RootElement.GetProperty("id").GetInt64();
        using var again = JsonDocument.Parse(await redelivered.Content.ReadAsStringAsync(Ct));
        again.RootElement.GetProperty("id").GetInt64().ShouldBe(priyaId);
        enrolled.RootElement.GetProperty("sequence").GetString().ShouldBe("onboarding");
        enrolled.RootElement.GetProperty("mailbox").GetString().ShouldBe("maya@acme-cloud.example");
        enrolled.RootElement.GetProperty("nextStep").GetInt32().ShouldBe(1);
        enrolled.RootElement.GetProperty("nextDueAt").GetDateTimeOffset().ShouldBe(signedUpAt, "the welcome has no window: it goes at once");

        // 16:05 in Paris: Léa signs up for Team; recipients.json has her answer the welcome three hours later.
        await example.RunUntilAsync(new DateTimeOffset(2026, 3, 2, 15, 5, 0, TimeSpan.Zero), Ct);
        using var lea = await app.PostAsync("enrollments", NudgeApiServer.Json("""
            {"email":"lea.fontaine@atelier-fontaine.example","sequence":"onboarding","fields":{"first_name":"Léa","plan":"team","timezone":"Europe/Paris"}}
            """), Ct);
        lea.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var leaView = JsonDocument.Parse(await lea.Content.ReadAsStringAsync(Ct));
        var leaId = leaView.RootElement.GetProperty("id").GetInt64();
        await example.RunUntilAsync(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), Ct);

        // Priya got her welcome at sign-up, and her day-3 tips are due at the same local time two days later.
        var priya = await example.ContactAsync("priya@nimbus-labs.example", Ct);
        priya.StepsSent.ShouldBe([1]);
        priya.Sent[0].SentAt.ShouldBe(signedUpAt);
        priya.Message(priya.Sent[0]).GetHeader("Subject").ShouldBe("Welcome to Acme Cloud, Priya");
        using var priyaNow = JsonDocument.Parse(await app.GetStringAsync($"enrollments/{priyaId}", Ct));
        priyaNow.RootElement.GetProperty("state").GetString().ShouldBe("active");
        priyaNow.RootElement.GetProperty("nextStep").GetInt32().ShouldBe(2);
        priyaNow.RootElement.GetProperty("nextDueAt").GetDateTimeOffset().ShouldBe(signedUpAt.AddDays(2));

        // Léa answered: the API says so, and the CRM is told, signed.
        using var leaNow = JsonDocument.Parse(await app.GetStringAsync($"enrollments/{leaId}", Ct));
        leaNow.RootElement.GetProperty("state").GetString().ShouldBe("replied");
        leaNow.RootElement.GetProperty("why").GetString().ShouldNotBeNull().ShouldContain("lea.fontaine@atelier-fontaine.example");
        var dispatcher = new WebhookDispatcher(example.Store, example.Clock);
        (await dispatcher.RunOnceAsync(Ct)).ShouldBe(new WebhookRound(1, 1, 0, 0));
        var received = crm.Received.ShouldHaveSingleItem();
        WebhookSignature.Verify(received.Signature, secret, received.Body, example.Now, TimeSpan.FromMinutes(5)).ShouldBeTrue();
        using var payload = JsonDocument.Parse(received.Body);
        payload.RootElement.GetProperty("type").GetString().ShouldBe("replied");
        payload.RootElement.GetProperty("enrollment").GetProperty("id").GetInt64().ShouldBe(leaId);
        payload.RootElement.GetProperty("enrollment").GetProperty("email").GetString().ShouldBe("lea.fontaine@atelier-fontaine.example");
        payload.RootElement.GetProperty("enrollment").GetProperty("sequence").GetString().ShouldBe("onboarding");
        payload.RootElement.GetProperty("enrollment").GetProperty("state").GetString().ShouldBe("replied");
        var leaContact = await example.ContactAsync("lea.fontaine@atelier-fontaine.example", Ct);
        leaContact.Enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        payload.RootElement.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(leaContact.EventsOf("replied").Single().At);

        // The stats agree: one onboarding user still in the drip, one who answered.
        using var stats = JsonDocument.Parse(await app.GetStringAsync("stats", Ct));
        var onboarding = stats.RootElement.GetProperty("sequences").EnumerateArray().Single();
        onboarding.GetProperty("states").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ShouldBe([("active", 1), ("replied", 1)]);
        stats.RootElement.GetProperty("mailboxes").EnumerateArray().Single().GetProperty("sentLast24h").GetInt32().ShouldBe(2);
    }

    private static async Task<string> RegisterWebhookAsync(HttpClient app, string url)
    {
        using var response = await app.PostAsync("webhooks",
            NudgeApiServer.Json($$"""{"url":"{{url}}","events":["replied","bounced","unsubscribed","completed","failed"]}"""), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return view.RootElement.GetProperty("secret").GetString()!;
    }
}
