namespace Nudge.Core.Sequences;

/// <summary>One step of a <see cref="SequenceDocument"/>: the keys of a step in a sequence file, as written.</summary>
public sealed class SequenceDocumentStep
{
    /// <summary>The template's name (<c>template</c>).</summary>
    public string? Template { get; set; }

    /// <summary>The wait after the previous step (<c>wait</c>), such as <c>3 business days</c>; blank with <see cref="At"/>.</summary>
    public string? Wait { get; set; }

    /// <summary>The time the step is due at (<c>at</c>), such as <c>{{ due_date }} + 30 days</c>; blank with <see cref="Wait"/>.</summary>
    public string? At { get; set; }

    /// <summary><c>new</c> to start a new thread; blank (or <c>reply</c>) to reply in the sequence's thread.</summary>
    public string? Thread { get; set; }

    /// <summary>The step's condition (<c>when</c>), such as <c>tier != 'enterprise'</c>; blank to always send.</summary>
    public string? When { get; set; }

    /// <summary>The step's own window days (<c>window.days</c>); blank for the sequence's.</summary>
    public string? WindowDays { get; set; }

    /// <summary>The step's own window hours (<c>window.hours</c>); blank for the sequence's.</summary>
    public string? WindowHours { get; set; }

    /// <summary>For an <c>at</c> step, <c>send</c> or <c>skip</c> when its time has passed (<c>if_past</c>).</summary>
    public string? IfPast { get; set; }

    /// <summary>Whether every key is blank (an unused row of a form).</summary>
    public bool IsBlank => new[] { Template, Wait, At, Thread, When, WindowDays, WindowHours, IfPast }.All(string.IsNullOrWhiteSpace);
}
