using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;
using Nudge.Core.Enrollments;

namespace Nudge.Web.Api;

/// <summary>
/// The HTTP API for triggers and webhooks: enroll a contact (an app's sign-up triggers onboarding), read an enrollment,
/// pause and resume it. Every request needs the bearer token of <see cref="NudgeApiOptions"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /api/v1/enrollments</c> <c>{"email","sequence","fields":{…},"threadId"?,"threadQuery"?}</c>: 201 with the
/// enrollment (200 when the contact was already enrolled in that sequence), 400 for a malformed body, 422 when the
/// contact cannot be enrolled (the error names the field: a suppressed address, a missing date field…).</item>
/// <item><c>GET /api/v1/enrollments/{id}</c>: 200 or 404.</item>
/// <item><c>POST /api/v1/enrollments/{id}/pause</c> and <c>/resume</c>: 200 with the enrollment, 404, or 409 when it has
/// ended.</item>
/// </list>
/// </remarks>
public static class NudgeApi
{
    /// <summary>Maps the API's endpoints; <paramref name="enroller"/> and <paramref name="store"/> serve every request.</summary>
    public static RouteGroupBuilder MapNudgeApi(this IEndpointRouteBuilder endpoints, IEngineStore store, Enroller enroller, NudgeApiOptions options,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var api = endpoints.MapGroup("/api/v1");
        api.AddEndpointFilter(async (context, next) =>
            IsAuthorized(context.HttpContext.Request, options.Token)
                ? await next(context)
                : Results.Json(new ApiError("missing or wrong bearer token (Authorization: Bearer <token>)"), WebJsonContext.Default.ApiError,
                    statusCode: StatusCodes.Status401Unauthorized));

        api.MapPost("/enrollments", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            EnrollmentBody? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, WebJsonContext.Default.EnrollmentBody, cancellationToken);
            }
            catch (JsonException ex)
            {
                return Error(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {ex.Message}", ex.Path);
            }

            if (body is null || string.IsNullOrWhiteSpace(body.Email))
            {
                return Error(StatusCodes.Status400BadRequest, "email is required", "email");
            }

            if (string.IsNullOrWhiteSpace(body.Sequence))
            {
                return Error(StatusCodes.Status400BadRequest, "sequence is required", "sequence");
            }

            var before = await store.FindContactByAddressAsync(body.Email, cancellationToken) is { } known
                ? (await store.ListEnrollmentsForContactAsync(known.Id, cancellationToken)).Any(e => e.SequenceName == body.Sequence)
                : false;
            var result = await enroller.EnrollAsync(
                new EnrollmentRequest(body.Email, body.Fields ?? [], body.Sequence, body.ThreadId, body.ThreadQuery), cancellationToken);
            if (result.Rejection is { } rejection || result.EnrollmentId is not { } id)
            {
                return Error(StatusCodes.Status422UnprocessableEntity, result.Rejection ?? "not enrolled", null);
            }

            var view = await ViewAsync(store, id, cancellationToken);
            return before
                ? Results.Json(view, WebJsonContext.Default.EnrollmentView)
                : Results.Json(view, WebJsonContext.Default.EnrollmentView, statusCode: StatusCodes.Status201Created);
        });

        api.MapGet("/enrollments/{id:long}", async (long id, CancellationToken cancellationToken) =>
            await ViewAsync(store, id, cancellationToken) is { } view
                ? Results.Json(view, WebJsonContext.Default.EnrollmentView)
                : Error(StatusCodes.Status404NotFound, $"no enrollment {id}", "id"));

        api.MapPost("/enrollments/{id:long}/pause", (long id, CancellationToken cancellationToken) =>
            ChangeAsync(store, id, e => store.PauseEnrollmentsAsync(e.Id, null, "paused through the API", timeProvider.GetUtcNow(), cancellationToken),
                cancellationToken));
        api.MapPost("/enrollments/{id:long}/resume", (long id, CancellationToken cancellationToken) =>
            ChangeAsync(store, id, e => store.ResumeEnrollmentsAsync(e.Id, null, cancellationToken), cancellationToken));
        return api;
    }

    private static async Task<IResult> ChangeAsync(IEngineStore store, long id, Func<Enrollment, Task<int>> change, CancellationToken cancellationToken)
    {
        if (await store.GetEnrollmentAsync(id, cancellationToken) is not { } enrollment)
        {
            return Error(StatusCodes.Status404NotFound, $"no enrollment {id}", "id");
        }

        if (!enrollment.IsActive)
        {
            return Error(StatusCodes.Status409Conflict, $"enrollment {id} has ended ({EnrollmentStates.Name(enrollment.Status)}{(enrollment.StatusReason is { } why ? ": " + why : "")})", null);
        }

        await change(enrollment);
        return Results.Json(await ViewAsync(store, id, cancellationToken), WebJsonContext.Default.EnrollmentView);
    }

    private static async Task<EnrollmentView?> ViewAsync(IEngineStore store, long id, CancellationToken cancellationToken)
    {
        if (await store.GetEnrollmentAsync(id, cancellationToken) is not { } e)
        {
            return null;
        }

        var contact = await store.GetContactAsync(e.ContactId, cancellationToken);
        var mailbox = await store.GetMailboxAsync(e.MailboxId, cancellationToken);
        var state = EnrollmentStates.Name(e);
        return new EnrollmentView(e.Id, e.ContactId, contact?.Email ?? "", e.SequenceName, mailbox?.Email ?? "", e.NextStep, e.DueAt, state,
            e.IsPaused ? e.PausedReason : e.StatusReason, e.ThreadId);
    }

    private static IResult Error(int status, string message, string? field) =>
        Results.Json(new ApiError(message, field), WebJsonContext.Default.ApiError, statusCode: status);

    private static bool IsAuthorized(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time, so that the answer's timing tells nothing about the token.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
