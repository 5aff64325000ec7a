namespace Nudge.Web.Api;

/// <summary>One page of a list.</summary>
/// <typeparam name="T">What is listed.</typeparam>
/// <param name="Items">The page's rows, oldest first.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Total">Rows in the whole list.</param>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
