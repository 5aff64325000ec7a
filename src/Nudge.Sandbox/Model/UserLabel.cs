namespace Nudge.Sandbox.Model;

/// <summary>A user-created label (<c>labels.create</c>); ids are <c>Label_N</c>.</summary>
internal sealed record UserLabel(string Id, string Name, string? MessageListVisibility, string? LabelListVisibility);
