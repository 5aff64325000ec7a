using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Errors;

/// <summary>Writes a Google error envelope, plus <c>WWW-Authenticate</c> on 401 as Google does.</summary>
internal sealed class GoogleErrorResult(GoogleErrorBody body) : IResult
{
    public GoogleErrorBody Body { get; } = body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Body.Code;
        if (Body.Code == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\"";
        }

        await response.WriteAsJsonAsync(
            new GoogleErrorEnvelope(Body),
            SandboxJson.Context.GoogleErrorEnvelope,
            contentType: "application/json; charset=UTF-8",
            cancellationToken: httpContext.RequestAborted);
    }
}
