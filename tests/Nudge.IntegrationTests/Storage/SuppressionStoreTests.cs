using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>The global suppression list in the store (migration 005), run against every provider.</summary>
public sealed class SuppressionStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AddSuppressionAsync_SameValueTwice_ReturnsFalseAndKeepsTheFirstEntry(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);

        (await store.AddSuppressionAsync(new Suppression("ann@example.com", SuppressionKind.Address, "hard bounce", T0), Ct)).ShouldBeTrue();
        (await store.AddSuppressionAsync(new Suppression("ANN@example.com", SuppressionKind.Address, "unsubscribed", T0.AddDays(1)), Ct))
            .ShouldBeFalse();

        (await store.ListSuppressionsAsync(Ct)).ShouldBe([new Suppression("ann@example.com", SuppressionKind.Address, "hard bounce", T0)]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListSuppressionsAsync_AddressesAndDomains_ListedByValueWithKindReasonAndTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        await store.AddSuppressionAsync(Suppression.Parse("@Competitor.example", "competitor", T0), Ct);
        await store.AddSuppressionAsync(Suppression.Parse("Ann@Example.com", "unsubscribed", T0.AddMinutes(1)), Ct);
        await store.AddSuppressionAsync(new Suppression(" Bounce.Example ", SuppressionKind.Domain, "hard bounce", T0.AddMinutes(2)), Ct);

        (await store.ListSuppressionsAsync(Ct)).ShouldBe(
        [
            new Suppression("ann@example.com", SuppressionKind.Address, "unsubscribed", T0.AddMinutes(1)),
            new Suppression("bounce.example", SuppressionKind.Domain, "hard bounce", T0.AddMinutes(2)),
            new Suppression("competitor.example", SuppressionKind.Domain, "competitor", T0),
        ]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindSuppressionAsync_AddressEntry_BlocksOnlyThatAddressInAnyCase(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var entry = Suppression.Parse("ann@example.com", "hard bounce", T0);
        await store.AddSuppressionAsync(entry, Ct);

        (await store.FindSuppressionAsync("ann@example.com", Ct)).ShouldBe(entry);
        (await store.FindSuppressionAsync(" Ann@EXAMPLE.com ", Ct)).ShouldBe(entry);
        (await store.FindSuppressionAsync("bob@example.com", Ct)).ShouldBeNull();
        (await store.FindSuppressionAsync("ann@example.org", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindSuppressionAsync_DomainEntry_BlocksTheDomainAndItsSubdomainsOnly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var entry = Suppression.Parse("example.com", "competitor", T0);
        await store.AddSuppressionAsync(entry, Ct);

        (await store.FindSuppressionAsync("bob@example.com", Ct)).ShouldBe(entry);
        (await store.FindSuppressionAsync("Bob@Example.COM", Ct)).ShouldBe(entry);
        (await store.FindSuppressionAsync("ops@mail.example.com", Ct)).ShouldBe(entry, "a parent domain blocks its subdomains");
        (await store.FindSuppressionAsync("ops@a.b.example.com", Ct)).ShouldBe(entry);
        (await store.FindSuppressionAsync("bob@notexample.com", Ct)).ShouldBeNull();
        (await store.FindSuppressionAsync("bob@example.com.evil.org", Ct)).ShouldBeNull();
        (await store.FindSuppressionAsync("bob@example.org", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindSuppressionAsync_SubdomainEntry_DoesNotBlockTheParentDomain(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var entry = Suppression.Parse("mail.example.com", "bounces", T0);
        await store.AddSuppressionAsync(entry, Ct);

        (await store.FindSuppressionAsync("ops@mail.example.com", Ct)).ShouldBe(entry);
        (await store.FindSuppressionAsync("ops@example.com", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindSuppressionAsync_AddressAndItsDomainBothListed_TheAddressEntryWins(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);

        // The domains sort before the address by value, so only the kind can put the address first.
        var address = Suppression.Parse("zed@mail.example.com", "unsubscribed", T0.AddMinutes(1));
        await store.AddSuppressionAsync(Suppression.Parse("example.com", "competitor", T0), Ct);
        await store.AddSuppressionAsync(Suppression.Parse("mail.example.com", "bounces", T0), Ct);
        await store.AddSuppressionAsync(address, Ct);

        (await store.FindSuppressionAsync("zed@mail.example.com", Ct)).ShouldBe(address);
        (await store.FindSuppressionAsync("amy@mail.example.com", Ct)).ShouldNotBeNull().Kind.ShouldBe(SuppressionKind.Domain);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindSuppressionAsync_EmptyList_ReturnsNull(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);

        (await store.FindSuppressionAsync("ann@example.com", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RemoveSuppressionAsync_DomainWithOrWithoutAtPrefix_RemovesItOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        await store.AddSuppressionAsync(Suppression.Parse("example.com", "competitor", T0), Ct);
        await store.AddSuppressionAsync(Suppression.Parse("example.org", "competitor", T0), Ct);

        (await store.RemoveSuppressionAsync("@Example.com", Ct)).ShouldBeTrue();
        (await store.RemoveSuppressionAsync("example.com", Ct)).ShouldBeFalse();
        (await store.RemoveSuppressionAsync(" EXAMPLE.org ", Ct)).ShouldBeTrue();

        (await store.ListSuppressionsAsync(Ct)).ShouldBeEmpty();
        (await store.FindSuppressionAsync("bob@example.com", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RemoveSuppressionAsync_Address_RemovesOnlyThatEntry(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var domain = Suppression.Parse("example.org", "competitor", T0);
        await store.AddSuppressionAsync(Suppression.Parse("ann@example.com", "unsubscribed", T0), Ct);
        await store.AddSuppressionAsync(domain, Ct);

        (await store.RemoveSuppressionAsync(" Ann@Example.com ", Ct)).ShouldBeTrue();
        (await store.RemoveSuppressionAsync("ann@example.com", Ct)).ShouldBeFalse();
        (await store.RemoveSuppressionAsync("never@example.com", Ct)).ShouldBeFalse();

        (await store.ListSuppressionsAsync(Ct)).ShouldBe([domain]);
        (await store.FindSuppressionAsync("ann@example.com", Ct)).ShouldBeNull();
    }
}
