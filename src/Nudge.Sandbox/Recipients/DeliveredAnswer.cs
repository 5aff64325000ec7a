namespace Nudge.Sandbox.Recipients;

/// <summary>A delivered answer, kept for <c>GET /sandbox/recipients</c>: what was scheduled and where it landed.</summary>
internal sealed record DeliveredAnswer(ScheduledDelivery Scheduled, string Id, string ThreadId);
