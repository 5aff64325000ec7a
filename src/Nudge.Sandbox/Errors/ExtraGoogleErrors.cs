namespace Nudge.Sandbox.Errors;

/// <summary>Error bodies of the drafts, labels, batch and response-shaping surface, worded as Gmail words them.</summary>
internal static class ExtraGoogleErrors
{
    /// <summary>
    /// labels.create with a name that exists (ignoring case) or is reserved: 409 "Label name exists or conflicts",
    /// which client tools print as "409: Label name exists or conflicts - aborted" (reason <c>aborted</c>).
    /// </summary>
    public static GoogleErrorResult LabelConflict() => new(new GoogleErrorBody(
        409,
        "Label name exists or conflicts",
        [new GoogleErrorItem("Label name exists or conflicts", "global", "aborted")],
        "ABORTED"));

    /// <summary>A bad <c>fields</c> mask; Google's wording is "Invalid field selection &lt;name&gt;".</summary>
    public static GoogleErrorResult InvalidFieldSelection(string selection) => new(new GoogleErrorBody(
        400,
        "Invalid field selection " + selection,
        [new GoogleErrorItem("Invalid field selection " + selection, "global", "invalidParameter", "fields", "parameter")],
        "INVALID_ARGUMENT"));
}
