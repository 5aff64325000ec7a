using System.Text.Json;
using Nudge.Core.Enrollments;
using Nudge.Core.Webhooks;

namespace Nudge.Tests.Core.Webhooks;

public class WebhookPayloadTests
{
    [Fact]
    public void Create_ReplyEvent_IsTheDocumentedShape()
    {
        var record = new EnrollmentEventRecord(42, 7, new DateTimeOffset(2026, 3, 2, 11, 15, 0, TimeSpan.FromHours(1)), "replied",
            "reply from léa@atelier.example (message 18c)", "léa@atelier.example", "onboarding", EnrollmentStatus.Replied, false);

        var json = WebhookPayload.Create(record, WebhookEvents.Replied);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "type", "occurredAt", "enrollment", "detail"]);
        root.GetProperty("id").GetInt64().ShouldBe(42);
        root.GetProperty("type").GetString().ShouldBe("replied");
        root.GetProperty("occurredAt").GetString().ShouldBe("2026-03-02T10:15:00+00:00", "in UTC");
        var enrollment = root.GetProperty("enrollment");
        enrollment.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "email", "sequence", "state"]);
        enrollment.GetProperty("id").GetInt64().ShouldBe(7);
        enrollment.GetProperty("email").GetString().ShouldBe("léa@atelier.example");
        enrollment.GetProperty("sequence").GetString().ShouldBe("onboarding");
        enrollment.GetProperty("state").GetString().ShouldBe("replied");
        root.GetProperty("detail").GetString().ShouldBe("reply from léa@atelier.example (message 18c)");
    }

    [Fact]
    public void Create_PausedActiveEnrollment_StateIsPaused()
    {
        var record = new EnrollmentEventRecord(1, 1, DateTimeOffset.UnixEpoch, "failed", "", "a@b.example", "s", EnrollmentStatus.Active, true);

        using var document = JsonDocument.Parse(WebhookPayload.Create(record, "failed"));

        document.RootElement.GetProperty("enrollment").GetProperty("state").GetString().ShouldBe("paused");
    }
}
