using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;
using Nudge.Core.Enrollments;

namespace Nudge.Web.Api;

/// <summary>
/// <c>/api/v1/enrollments</c>: enroll a contact (an app's sign-up triggers onboarding), list and read enrollments, pause,
/// resume and stop one.
/// </summary>
internal static class EnrollmentsApi
{
    private const string PausedReason = "paused through the API";
    private const string StoppedReason = "stopped through the API";

    public static void Map(RouteGroupBuilder api, IEngineStore store, Enroller enroller, TimeProvider time)
    {
        var group = api.MapGroup("/enrollments").WithTags("Enrollments");

        group.MapPost("", (HttpRequest request, CancellationToken cancellationToken) => CreateAsync(store, enroller, request, cancellationToken))
            .WithName("CreateEnrollment")
            .WithSummary("Enroll a contact in a sequence")
            .WithDescription("Upserts the contact with its fields and enrolls it: 201 with the enrollment, 200 when it was enrolled in that " +
                "sequence already (a sign-up delivered twice sends one welcome), 422 when it cannot be enrolled (the problem names the field).")
            .Accepts<EnrollmentBody>("application/json")
            .Produces<EnrollmentView>(StatusCodes.Status201Created)
            .Produces<EnrollmentView>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ContentType);

        group.MapGet("", (string? state, string? sequence, string? page, string? pageSize, CancellationToken cancellationToken) =>
                ListAsync(store, state, sequence, page, pageSize, cancellationToken))
            .WithName("ListEnrollments")
            .WithSummary("List enrollments, filtered by state and sequence, a page at a time")
            .WithDescription("Query: state (active, paused, completed, replied, stopped-by-teammate, failed, bounced, unsubscribed, " +
                "suppressed, out-of-office, stopped), sequence, page (from 1), pageSize (1 to 200, default 50).")
            .Produces<ApiPage<EnrollmentView>>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType);

        group.MapGet("/{id:long}", async (long id, CancellationToken cancellationToken) =>
                await ViewAsync(store, id, cancellationToken) is { } view ? Ok(view) : NotFound(id))
            .WithName("GetEnrollment")
            .WithSummary("Read one enrollment")
            .Produces<EnrollmentView>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, Problems.ContentType);

        Change(group.MapPost("/{id:long}/pause", (long id, CancellationToken cancellationToken) =>
                ChangeAsync(store, id, e => PauseAsync(store, e, time, cancellationToken), cancellationToken))
            .WithName("PauseEnrollment")
            .WithSummary("Pause an enrollment: its due step waits where it is until resumed"));

        Change(group.MapPost("/{id:long}/resume", (long id, CancellationToken cancellationToken) =>
                ChangeAsync(store, id, e => ResumeAsync(store, e, time, cancellationToken), cancellationToken))
            .WithName("ResumeEnrollment")
            .WithSummary("Resume a paused enrollment: its due step is sent when due (at once when it fell due meanwhile)"));

        Change(group.MapPost("/{id:long}/stop", (long id, CancellationToken cancellationToken) =>
                ChangeAsync(store, id, e => StopAsync(store, e, time, cancellationToken), cancellationToken))
            .WithName("StopEnrollment")
            .WithSummary("Stop an enrollment for good (state stopped): nothing more is sent; webhooks hear 'stopped'"));
    }

    /// <summary>The view of one enrollment, with its contact's and mailbox's addresses.</summary>
    public static async Task<EnrollmentView?> ViewAsync(IEngineStore store, long id, CancellationToken cancellationToken)
    {
        if (await store.GetEnrollmentAsync(id, cancellationToken) is not { } e)
        {
            return null;
        }

        var contact = await store.GetContactAsync(e.ContactId, cancellationToken);
        var mailbox = await store.GetMailboxAsync(e.MailboxId, cancellationToken);
        return View(e, contact?.Email ?? "", mailbox?.Email ?? "");
    }

    private static void Change(RouteHandlerBuilder builder) =>
        builder.Produces<EnrollmentView>()
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status409Conflict, Problems.ContentType);

    private static async Task<IResult> CreateAsync(IEngineStore store, Enroller enroller, HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiRequests.ReadJsonAsync(request, WebJsonContext.Default.EnrollmentBody, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Email))
        {
            return Problems.BadRequest("email is required", "email");
        }

        if (string.IsNullOrWhiteSpace(body.Sequence))
        {
            return Problems.BadRequest("sequence is required", "sequence");
        }

        // 201 for a new enrollment, 200 for one that existed: the same request sent twice must be safe, and say so.
        var before = await store.FindContactByAddressAsync(body.Email, cancellationToken) is { } known
            && (await store.ListEnrollmentsForContactAsync(known.Id, cancellationToken)).Any(e => e.SequenceName == body.Sequence);
        var result = await enroller.EnrollAsync(
            new EnrollmentRequest(body.Email, body.Fields ?? [], body.Sequence, body.ThreadId, body.ThreadQuery), cancellationToken);
        if (result.Rejection is not null || result.EnrollmentId is not { } id)
        {
            var rejection = result.Rejection ?? "not enrolled";
            return Problems.Unprocessable(rejection, Problems.FieldOf(rejection));
        }

        var view = await ViewAsync(store, id, cancellationToken);
        return before ? Ok(view!) : Results.Json(view, WebJsonContext.Default.EnrollmentView, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(IEngineStore store, string? stateText, string? sequenceText, string? pageText, string? pageSizeText,
        CancellationToken cancellationToken)
    {
        var (page, pageSize, problem) = ApiRequests.ReadPaging(pageText, pageSizeText);
        if (problem is not null)
        {
            return problem;
        }

        var filter = new EnrollmentFilter(ApiRequests.Text(sequenceText));
        if (ApiRequests.Text(stateText) is { } state)
        {
            if (EnrollmentStates.Filter(state) is not { } byState)
            {
                return Problems.BadRequest($"state '{state}' is not one of: {string.Join(", ", EnrollmentStates.FilterNames)}", "state");
            }

            filter = filter with { Status = byState.Status, Paused = byState.Paused };
        }

        var listed = await store.ListEnrollmentsPageAsync(filter, EnrollmentOrder.OldestFirst, (page - 1) * pageSize, pageSize, cancellationToken);
        var items = listed.Items.Select(l => View(l.Enrollment, l.ContactEmail, l.MailboxEmail)).ToList();
        return Results.Json(new ApiPage<EnrollmentView>(items, page, pageSize, listed.Total), WebJsonContext.Default.ApiPageEnrollmentView);
    }

    private static async Task<IResult> ChangeAsync(IEngineStore store, long id, Func<Enrollment, Task<int>> change, CancellationToken cancellationToken)
    {
        if (await store.GetEnrollmentAsync(id, cancellationToken) is not { } enrollment)
        {
            return NotFound(id);
        }

        if (!enrollment.IsActive)
        {
            return Ended(enrollment);
        }

        if (await change(enrollment) < 0)
        {
            // It ended between the read and the change (a reply came in): say how.
            return Ended(await store.GetEnrollmentAsync(id, cancellationToken) ?? enrollment);
        }

        return Ok((await ViewAsync(store, id, cancellationToken))!);
    }

    /// <summary>Pauses the enrollment; the timeline says so when it was running (the dashboard's pause writes the same).</summary>
    private static async Task<int> PauseAsync(IEngineStore store, Enrollment enrollment, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var paused = await store.PauseEnrollmentsAsync(enrollment.Id, null, PausedReason, now, cancellationToken);
        if (paused > 0)
        {
            await store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "paused", PausedReason), cancellationToken);
        }

        return paused;
    }

    /// <summary>Resumes the enrollment; the timeline says so when it was paused.</summary>
    private static async Task<int> ResumeAsync(IEngineStore store, Enrollment enrollment, TimeProvider time, CancellationToken cancellationToken)
    {
        var resumed = await store.ResumeEnrollmentsAsync(enrollment.Id, null, cancellationToken);
        if (resumed > 0)
        {
            await store.AddEventAsync(new EnrollmentEvent(enrollment.Id, time.GetUtcNow(), "resumed", "resumed through the API"), cancellationToken);
        }

        return resumed;
    }

    /// <summary>Stops the enrollment and writes the timeline's <c>stopped</c> event; -1 when it ended meanwhile.</summary>
    private static async Task<int> StopAsync(IEngineStore store, Enrollment enrollment, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await store.StopEnrollmentAsync(enrollment.Id, EnrollmentStatus.Stopped, StoppedReason, now, cancellationToken))
        {
            return -1;
        }

        await store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "stopped", StoppedReason), cancellationToken);
        return 1;
    }

    private static EnrollmentView View(Enrollment e, string email, string mailbox) =>
        new(e.Id, e.ContactId, email, e.SequenceName, mailbox, e.NextStep, e.DueAt, EnrollmentStates.Name(e),
            e.IsPaused ? e.PausedReason : e.StatusReason, e.ThreadId);

    private static IResult Ok(EnrollmentView view) => Results.Json(view, WebJsonContext.Default.EnrollmentView);

    private static IResult NotFound(long id) => Problems.NotFound($"no enrollment {id}", "id");

    private static IResult Ended(Enrollment enrollment) =>
        Problems.Conflict($"enrollment {enrollment.Id} has ended ({EnrollmentStates.Name(enrollment.Status)}" +
            $"{(enrollment.StatusReason is { } why ? ": " + why : "")})");
}
