namespace Nudge.Web.Api;

/// <summary>A row of a bulk request that was not stored, and why.</summary>
/// <param name="Index">The row's position in <c>contacts</c>, from 0.</param>
/// <param name="Field">The row's field at fault, when one is.</param>
/// <param name="Detail">What is wrong.</param>
public sealed record BulkRowError(int Index, string? Field, string Detail);
