using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Unsubscribe;

namespace Nudge.Tests.Core.Unsubscribe;

public class UnsubscriberTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly StoreFake _fake;
    private readonly Unsubscriber _unsubscriber;

    public UnsubscriberTests()
    {
        var store = DispatchProxy.Create<IEngineStore, StoreFake>();
        _fake = (StoreFake)store;
        _unsubscriber = new Unsubscriber(store, new FakeTimeProvider(Now));
        _fake.Contacts.Add(new Contact(1, "ann@globex.example", new Dictionary<string, string>()));
        _fake.Contacts.Add(new Contact(2, "bob@globex.example", new Dictionary<string, string>()));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnsubscribeAsync_ActiveEnrollment_SuppressesTheAddressAndStopsItWithAnEvent()
    {
        _fake.Enroll(10, contactId: 1);

        var outcome = await _unsubscriber.UnsubscribeAsync(10, Unsubscriber.OneClickSource, Ct);

        outcome.ShouldBe(new UnsubscribeOutcome(UnsubscribeStatus.Unsubscribed, "ann@globex.example", outcome.StoppedEnrollmentIds));
        outcome.StoppedEnrollmentIds.ShouldBe([10]);
        var suppression = _fake.Suppressions.ShouldHaveSingleItem();
        suppression.Value.ShouldBe("ann@globex.example");
        suppression.Kind.ShouldBe(SuppressionKind.Address);
        suppression.Reason.ShouldBe("unsubscribed by one-click link (enrollment 10)");
        suppression.CreatedAt.ShouldBe(Now);
        var enrollment = _fake.Enrollment(10);
        enrollment.Status.ShouldBe(EnrollmentStatus.Unsubscribed);
        enrollment.StatusReason.ShouldBe("ann@globex.example unsubscribed by one-click link");
        enrollment.EndedAt.ShouldBe(Now);
        _fake.Events.ShouldBe([new EnrollmentEvent(10, Now, "unsubscribed", "ann@globex.example unsubscribed by one-click link")]);
    }

    [Fact]
    public async Task UnsubscribeAsync_ContactInSeveralSequences_StopsEveryActiveOneAndOnlyThoseOfTheContact()
    {
        _fake.Enroll(10, contactId: 1);
        _fake.Enroll(11, contactId: 1, sequence: "newsletter");
        _fake.Enroll(12, contactId: 1, sequence: "old", status: EnrollmentStatus.Replied);
        _fake.Enroll(20, contactId: 2);

        var outcome = await _unsubscriber.UnsubscribeAsync(11, Unsubscriber.MailtoSource, Ct);

        outcome.Status.ShouldBe(UnsubscribeStatus.Unsubscribed);
        outcome.StoppedEnrollmentIds.ShouldBe([10, 11]);
        _fake.Enrollment(10).Status.ShouldBe(EnrollmentStatus.Unsubscribed);
        _fake.Enrollment(11).Status.ShouldBe(EnrollmentStatus.Unsubscribed);
        _fake.Enrollment(12).Status.ShouldBe(EnrollmentStatus.Replied, "an ended enrollment keeps why it ended");
        _fake.Enrollment(20).Status.ShouldBe(EnrollmentStatus.Active, "another contact");
        _fake.Events.Select(e => (e.EnrollmentId, e.Kind, e.Detail)).ShouldBe(
        [
            (10, "unsubscribed", "ann@globex.example unsubscribed by mailto"),
            (11, "unsubscribed", "ann@globex.example unsubscribed by mailto"),
        ]);
    }

    [Fact]
    public async Task UnsubscribeAsync_Again_IsAlreadyUnsubscribedAndAddsNothing()
    {
        _fake.Enroll(10, contactId: 1);
        await _unsubscriber.UnsubscribeAsync(10, Unsubscriber.OneClickSource, Ct);

        var again = await _unsubscriber.UnsubscribeAsync(10, Unsubscriber.OneClickSource, Ct);

        again.ShouldBe(new UnsubscribeOutcome(UnsubscribeStatus.AlreadyUnsubscribed, "ann@globex.example", again.StoppedEnrollmentIds));
        again.StoppedEnrollmentIds.ShouldBeEmpty();
        _fake.Suppressions.ShouldHaveSingleItem();
        _fake.Events.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task UnsubscribeAsync_UnknownEnrollment_IsNotFoundAndChangesNothing()
    {
        _fake.Enroll(10, contactId: 1);

        var outcome = await _unsubscriber.UnsubscribeAsync(99, Unsubscriber.OneClickSource, Ct);

        outcome.ShouldBe(UnsubscribeOutcome.NotFound);
        _fake.Suppressions.ShouldBeEmpty();
        _fake.Events.ShouldBeEmpty();
        _fake.Enrollment(10).Status.ShouldBe(EnrollmentStatus.Active);
    }

    [Fact]
    public async Task UnsubscribeAsync_EnrollmentAlreadyCompleted_SuppressesAndSaysSoOnItsTimeline()
    {
        // The last step went out weeks ago; the contact clicks the link in it now.
        _fake.Enroll(10, contactId: 1, status: EnrollmentStatus.Completed);

        var outcome = await _unsubscriber.UnsubscribeAsync(10, Unsubscriber.OneClickSource, Ct);

        outcome.Status.ShouldBe(UnsubscribeStatus.Unsubscribed);
        outcome.StoppedEnrollmentIds.ShouldBeEmpty();
        _fake.Suppressions.ShouldHaveSingleItem().Value.ShouldBe("ann@globex.example");
        _fake.Enrollment(10).Status.ShouldBe(EnrollmentStatus.Completed);
        _fake.Events.ShouldHaveSingleItem().Detail.ShouldBe("ann@globex.example unsubscribed by one-click link; the address is suppressed");
    }

    [Fact]
    public async Task UnsubscribeAsync_AddressSuppressedBeforeButEnrollmentActive_StopsIt()
    {
        await _fake.AddSuppressionAsync(Suppression.Parse("ann@globex.example", "added by hand", Now), Ct);
        _fake.Enroll(10, contactId: 1);

        var outcome = await _unsubscriber.UnsubscribeAsync(10, Unsubscriber.OneClickSource, Ct);

        outcome.Status.ShouldBe(UnsubscribeStatus.Unsubscribed);
        outcome.StoppedEnrollmentIds.ShouldBe([10]);
        _fake.Suppressions.ShouldHaveSingleItem().Reason.ShouldBe("added by hand", "an existing entry is kept as it is");
    }

    [Fact]
    public async Task FindAddressAsync_KnownAndUnknownEnrollment_IsTheContactsAddressOrNull()
    {
        _fake.Enroll(10, contactId: 2);

        (await _unsubscriber.FindAddressAsync(10, Ct)).ShouldBe("bob@globex.example");
        (await _unsubscriber.FindAddressAsync(11, Ct)).ShouldBeNull();
    }

    /// <summary>
    /// An in-memory store holding only what the unsubscriber uses; any other call fails the test, which also proves the
    /// unsubscriber touches nothing else. A <see cref="DispatchProxy"/> spares writing out the port's sixty other members.
    /// </summary>
    public class StoreFake : DispatchProxy
    {
        public List<Contact> Contacts { get; } = [];

        public List<Enrollment> Enrollments { get; } = [];

        public List<Suppression> Suppressions { get; } = [];

        public List<EnrollmentEvent> Events { get; } = [];

        public void Enroll(long id, long contactId, string sequence = "outreach", EnrollmentStatus status = EnrollmentStatus.Active) =>
            Enrollments.Add(new Enrollment(id, contactId, sequence, 1, 1, status == EnrollmentStatus.Active ? Now : null, status, null, null, null));

        public Enrollment Enrollment(long id) => Enrollments.Single(e => e.Id == id);

        public Task<bool> AddSuppressionAsync(Suppression suppression, CancellationToken cancellationToken)
        {
            _ = cancellationToken;
            if (Suppressions.Any(s => s.Value == suppression.Value))
            {
                return Task.FromResult(false);
            }

            Suppressions.Add(suppression);
            return Task.FromResult(true);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            ArgumentNullException.ThrowIfNull(args);
            return targetMethod.Name switch
            {
                nameof(IEngineStore.GetEnrollmentAsync) => Task.FromResult(Enrollments.FirstOrDefault(e => e.Id == (long)args[0]!)),
                nameof(IEngineStore.GetContactAsync) => Task.FromResult(Contacts.FirstOrDefault(c => c.Id == (long)args[0]!)),
                nameof(IEngineStore.ListEnrollmentsForContactAsync) =>
                    Task.FromResult<IReadOnlyList<Enrollment>>([.. Enrollments.Where(e => e.ContactId == (long)args[0]!)]),
                nameof(IEngineStore.AddSuppressionAsync) => AddSuppressionAsync((Suppression)args[0]!, CancellationToken.None),
                nameof(IEngineStore.StopEnrollmentAsync) => Task.FromResult(Stop((long)args[0]!, (EnrollmentStatus)args[1]!, (string)args[2]!,
                    (DateTimeOffset)args[3]!)),
                nameof(IEngineStore.AddEventAsync) => AddEvent((EnrollmentEvent)args[0]!),
                _ => throw new NotSupportedException($"The unsubscriber has no business calling {targetMethod.Name}."),
            };
        }

        private bool Stop(long id, EnrollmentStatus status, string reason, DateTimeOffset at)
        {
            var index = Enrollments.FindIndex(e => e.Id == id);
            if (index < 0 || !Enrollments[index].IsActive)
            {
                return false;
            }

            Enrollments[index] = Enrollments[index] with { Status = status, StatusReason = reason, EndedAt = at, DueAt = null };
            return true;
        }

        private Task AddEvent(EnrollmentEvent enrollmentEvent)
        {
            Events.Add(enrollmentEvent);
            return Task.CompletedTask;
        }
    }
}
