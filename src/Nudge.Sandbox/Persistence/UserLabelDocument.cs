namespace Nudge.Sandbox.Persistence;

/// <summary>One user label in the state file.</summary>
internal sealed class UserLabelDocument
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string? MessageListVisibility { get; set; }

    public string? LabelListVisibility { get; set; }
}
