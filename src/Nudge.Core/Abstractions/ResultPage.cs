namespace Nudge.Core.Abstractions;

/// <summary>One page of a longer list, and how long the whole list is.</summary>
/// <typeparam name="T">What is listed.</typeparam>
/// <param name="Items">The rows of the page, in the list's order.</param>
/// <param name="Total">How many rows the whole list has (every page).</param>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Total);
