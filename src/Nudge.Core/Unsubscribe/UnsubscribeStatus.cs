namespace Nudge.Core.Unsubscribe;

/// <summary>What an unsubscribe request did.</summary>
public enum UnsubscribeStatus
{
    /// <summary>The address was suppressed now, or an active enrollment of the contact was stopped now.</summary>
    Unsubscribed = 0,

    /// <summary>An earlier request (or the user) had already done all of it: nothing changed.</summary>
    AlreadyUnsubscribed = 1,

    /// <summary>No such enrollment: the token was signed for one that has since been deleted.</summary>
    NotFound = 2,
}
