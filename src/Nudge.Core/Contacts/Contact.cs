namespace Nudge.Core.Contacts;

/// <summary>A person Nudge writes to, with the merge fields templates may use.</summary>
/// <param name="Id">Store id; 0 before it is stored.</param>
/// <param name="Email">Unique per contact, compared case-insensitively.</param>
/// <param name="Fields">Merge fields by name (for example <c>first_name</c>); blank values are not stored.</param>
public sealed record Contact(long Id, string Email, IReadOnlyDictionary<string, string> Fields);
