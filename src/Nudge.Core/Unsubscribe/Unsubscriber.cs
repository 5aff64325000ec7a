using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;

namespace Nudge.Core.Unsubscribe;

/// <summary>
/// Carries out an unsubscribe request whose token has been verified (a one-click POST, a mailto answer): puts the
/// contact's address on the suppression list and stops every active enrollment of that contact, in every sequence.
/// </summary>
/// <remarks>
/// Asking twice changes nothing the second time, and two requests at once stop each enrollment once: the store stops
/// only an enrollment still active and adds a suppression only once. Each stopped enrollment's timeline gets an
/// <c>unsubscribed</c> event naming the source.
/// </remarks>
public sealed partial class Unsubscriber
{
    /// <summary>The source of a request made through the link's RFC 8058 POST or its confirmation page.</summary>
    public const string OneClickSource = "one-click link";

    /// <summary>The source of a request made by answering the mailto.</summary>
    public const string MailtoSource = "mailto";

    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>An unsubscriber over <paramref name="store"/>; <paramref name="timeProvider"/> dates the suppression and events.</summary>
    public Unsubscriber(IEngineStore store, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The address of the enrollment's contact (to show what is about to be unsubscribed), if the enrollment exists.</summary>
    public async Task<string?> FindAddressAsync(long enrollmentId, CancellationToken cancellationToken)
    {
        if (await _store.GetEnrollmentAsync(enrollmentId, cancellationToken) is not { } enrollment)
        {
            return null;
        }

        return (await _store.GetContactAsync(enrollment.ContactId, cancellationToken))?.Email;
    }

    /// <summary>
    /// Unsubscribes the contact of enrollment <paramref name="enrollmentId"/>: the address is suppressed and every active
    /// enrollment of the contact is stopped as <see cref="EnrollmentStatus.Unsubscribed"/>.
    /// </summary>
    /// <param name="enrollmentId">The enrollment the verified token names.</param>
    /// <param name="source">
    /// How the contact asked, for the timeline and the log: <see cref="OneClickSource"/>, <see cref="MailtoSource"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    public async Task<UnsubscribeOutcome> UnsubscribeAsync(long enrollmentId, string source, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (await _store.GetEnrollmentAsync(enrollmentId, cancellationToken) is not { } enrollment)
        {
            LogNotFound(_logger, enrollmentId, source);
            return UnsubscribeOutcome.NotFound;
        }

        var contact = await _store.GetContactAsync(enrollment.ContactId, cancellationToken);
        var address = contact?.Email;
        var who = address ?? $"the contact of enrollment {enrollmentId}";

        // Suppressed first: from this moment no send to the address goes out, even from an enrollment that a worker
        // claimed before it is stopped below (the worker checks the list again just before sending).
        var suppressedNow = address is not null
            && await SuppressAsync(address, $"unsubscribed by {source} (enrollment {enrollmentId})", cancellationToken);

        // Every enrollment of the contact, not only the one in the token: the person asked not to be written to.
        var enrollments = contact is null ? [enrollment] : await _store.ListEnrollmentsForContactAsync(contact.Id, cancellationToken);
        var stopped = new List<long>();
        var reason = $"{who} unsubscribed by {source}";
        foreach (var candidate in enrollments.Where(e => e.IsActive))
        {
            if (await _store.StopEnrollmentAsync(candidate.Id, EnrollmentStatus.Unsubscribed, reason, _time.GetUtcNow(), cancellationToken))
            {
                await _store.AddEventAsync(new EnrollmentEvent(candidate.Id, _time.GetUtcNow(), "unsubscribed", reason), cancellationToken);
                stopped.Add(candidate.Id);
            }
        }

        if (suppressedNow && !stopped.Contains(enrollmentId))
        {
            // The token's enrollment had already ended (completed, replied...): its timeline still says the contact left.
            await _store.AddEventAsync(
                new EnrollmentEvent(enrollmentId, _time.GetUtcNow(), "unsubscribed", $"{reason}; the address is suppressed"), cancellationToken);
        }

        if (!suppressedNow && stopped.Count == 0)
        {
            LogAlreadyUnsubscribed(_logger, who, source);
            return new UnsubscribeOutcome(UnsubscribeStatus.AlreadyUnsubscribed, address, []);
        }

        LogUnsubscribed(_logger, who, source, stopped.Count);
        return new UnsubscribeOutcome(UnsubscribeStatus.Unsubscribed, address, stopped);
    }

    private async Task<bool> SuppressAsync(string address, string reason, CancellationToken cancellationToken)
    {
        Suppression entry;
        try
        {
            entry = Suppression.Parse(address, reason, _time.GetUtcNow());
        }
        catch (FormatException)
        {
            // An address the list cannot hold (imported malformed): the enrollments still stop below.
            return false;
        }

        return await _store.AddSuppressionAsync(entry, cancellationToken);
    }

    // Own event ids (1050-1059) rather than entries in Log.cs, so that this feature stays in its folder.
    [LoggerMessage(EventId = 1060, Level = LogLevel.Information, Message = "Unsubscribed {Address} by {Source}: {Stopped} enrollments stopped")]
    private static partial void LogUnsubscribed(ILogger logger, string address, string source, int stopped);

    [LoggerMessage(EventId = 1061, Level = LogLevel.Information,
        Message = "{Address} asked again to unsubscribe by {Source}; nothing left to do")]
    private static partial void LogAlreadyUnsubscribed(ILogger logger, string address, string source);

    [LoggerMessage(EventId = 1062, Level = LogLevel.Warning,
        Message = "Unsubscribe by {Source} for enrollment {EnrollmentId}, which does not exist")]
    private static partial void LogNotFound(ILogger logger, long enrollmentId, string source);
}
