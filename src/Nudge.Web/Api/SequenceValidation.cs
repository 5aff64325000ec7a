namespace Nudge.Web.Api;

/// <summary>The answer of <c>POST /api/v1/sequences/validate</c>.</summary>
/// <param name="Valid">Whether the file is valid, as far as it could be checked.</param>
/// <param name="Name">The sequence's name, when the file is valid.</param>
/// <param name="Steps">Its steps, when the file is valid.</param>
/// <param name="Problems">What is wrong: the first error found (as <c>nudge sequence validate</c> reports it); empty when valid.</param>
/// <param name="TemplatesNotChecked">
/// Templates the file names that were neither in the request nor in the server's <c>templates/</c> folder: the file was
/// checked as if they existed with a subject, so their own mistakes (and a missing subject) are not reported.
/// </param>
public sealed record SequenceValidation(bool Valid, string? Name, IReadOnlyList<SequenceStepView>? Steps, IReadOnlyList<SequenceProblem> Problems,
    IReadOnlyList<string> TemplatesNotChecked);
