using Nudge.Core.Templates;

namespace Nudge.Core.Sequences;

/// <summary>One step of a sequence.</summary>
/// <param name="Number">1-based position.</param>
/// <param name="Template">What to send.</param>
/// <param name="Wait">How long after the previous step (or after enrollment, for step 1) it is due.</param>
/// <param name="Thread">Whether it replies in the thread or starts a new one.</param>
public sealed record SequenceStep(int Number, MessageTemplate Template, TimeSpan Wait, ThreadMode Thread);
