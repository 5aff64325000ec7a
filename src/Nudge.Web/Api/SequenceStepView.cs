namespace Nudge.Web.Api;

/// <summary>A step of a sequence, summed up.</summary>
/// <param name="Number">Its number, from 1.</param>
/// <param name="Template">The template it sends.</param>
/// <param name="Wait">How long after the previous step (<c>3 business days</c>), when it waits.</param>
/// <param name="At">The date it falls on (<c>{{ due_date }} + 30 days</c>), when it is anchored to a field.</param>
/// <param name="Thread"><c>reply</c> (in the previous step's thread) or <c>new</c>.</param>
/// <param name="Window">Its own sending window, when it has one.</param>
/// <param name="When">Its condition on contact fields, when it has one.</param>
/// <param name="Fields">The contact fields it reads.</param>
public sealed record SequenceStepView(int Number, string Template, string? Wait, string? At, string Thread, string? Window, string? When,
    IReadOnlyList<string> Fields);
