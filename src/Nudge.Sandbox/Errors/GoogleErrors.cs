namespace Nudge.Sandbox.Errors;

/// <summary>The error bodies the sandbox emits, worded as Gmail words them (GMAIL-FACTS §4).</summary>
internal static class GoogleErrors
{
    private const string Global = "global";

    public static GoogleErrorResult InvalidArgument(string message) =>
        Simple(400, message, "invalidArgument", "INVALID_ARGUMENT");

    public static GoogleErrorResult BadRequest(string message) =>
        Simple(400, message, "badRequest", "INVALID_ARGUMENT");

    public static GoogleErrorResult NotFound() =>
        Simple(404, "Requested entity was not found.", "notFound", "NOT_FOUND");

    public static GoogleErrorResult Forbidden(string message) =>
        Simple(403, message, "forbidden", "PERMISSION_DENIED");

    public static GoogleErrorResult InvalidCredentials() => new(new GoogleErrorBody(
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid "
            + "authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        [new GoogleErrorItem("Invalid Credentials", Global, "authError", "Authorization", "header")],
        "UNAUTHENTICATED"));

    // Google distinguishes a missing credential from a bad one; the ErrorInfo names the RPC behind the REST path.
    public static GoogleErrorResult MissingCredentials(string rpcMethod) => new(new GoogleErrorBody(
        401,
        "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other "
            + "valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        [new GoogleErrorItem("Login Required.", Global, "required", "Authorization", "header")],
        "UNAUTHENTICATED",
        [
            new GoogleErrorDetail(
                "type.googleapis.com/google.rpc.ErrorInfo",
                "CREDENTIALS_MISSING",
                "googleapis.com",
                new Dictionary<string, string>
                {
                    ["method"] = "caribou.api.proto.MailboxService." + rpcMethod,
                    ["service"] = "gmail.googleapis.com",
                }),
        ]));

    private static GoogleErrorResult Simple(int code, string message, string reason, string status) =>
        new(new GoogleErrorBody(code, message, [new GoogleErrorItem(message, Global, reason)], status));
}
