namespace Nudge.Web.Api;

/// <summary>What is wrong with a sequence file, where.</summary>
/// <param name="Line">The line, from 1, when the problem has one.</param>
/// <param name="Field">The field (<c>steps[2].wait</c>), when the problem names one.</param>
/// <param name="Message">The whole message, as <c>nudge sequence validate</c> prints it.</param>
public sealed record SequenceProblem(int? Line, string? Field, string Message);
