namespace Nudge.Web.Dashboard;

/// <summary>One template of the loaded sequences, as the templates page lists it.</summary>
/// <param name="Name">The template's name: its file is <c>templates/{Name}.liquid</c>.</param>
/// <param name="UsedBy">Where it is used, such as <c>outreach step 1</c>.</param>
/// <param name="HasSubject">Whether it has a subject of its own (a reply in a thread reuses the thread's).</param>
/// <param name="RequiredFields">The merge fields it cannot render without, in name order.</param>
public sealed record TemplateSummary(string Name, IReadOnlyList<string> UsedBy, bool HasSubject, IReadOnlyList<string> RequiredFields);
