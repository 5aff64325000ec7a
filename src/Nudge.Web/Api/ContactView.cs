namespace Nudge.Web.Api;

/// <summary>A contact as the API shows it.</summary>
/// <param name="Id">The contact's id.</param>
/// <param name="Email">Its address.</param>
/// <param name="Fields">Its merge fields.</param>
public sealed record ContactView(long Id, string Email, IReadOnlyDictionary<string, string> Fields);
