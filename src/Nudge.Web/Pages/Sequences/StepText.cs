using Nudge.Core.Sequences;

namespace Nudge.Web.Pages.Sequences;

/// <summary>How the sequences pages write a step's timing: as the file does, so that the page and the file read alike.</summary>
public static class StepText
{
    /// <summary>
    /// <c>at once</c>, <c>+3 business days</c>, or <c>at {{ due_date }} + 30 days</c>; a step's wait counts from the
    /// previous step (from the enrollment for step 1).
    /// </summary>
    public static string Timing(SequenceStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Anchor is { } anchor)
        {
            return "at " + anchor;
        }

        return step.Delay.Amount == 0 ? (step.Number == 1 ? "at once" : "right after") : "+" + step.Delay;
    }

}
