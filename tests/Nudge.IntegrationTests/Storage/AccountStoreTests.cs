using Nudge.Core.Accounts;

namespace Nudge.IntegrationTests.Storage;

/// <summary>Migration 007 in the store: dashboard accounts and API keys, on every provider.</summary>
public sealed class AccountStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AddFirstUserAsync_TwoSetups_OnlyTheFirstAccountIsMade(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        (await store.CountUsersAsync(Ct)).ShouldBe(0);

        var first = await store.AddFirstUserAsync(new UserAccount(0, " Admin ", "hash-1", T0), Ct);
        var second = await store.AddFirstUserAsync(new UserAccount(0, "intruder", "hash-2", T0), Ct);

        first.ShouldNotBeNull();
        second.ShouldBeNull();
        (await store.CountUsersAsync(Ct)).ShouldBe(1);
        (await store.FindUserAsync("ADMIN", Ct)).ShouldBe(new UserAccount(first.Value, "admin", "hash-1", T0));
        (await store.FindUserAsync("intruder", Ct)).ShouldBeNull();

        await store.UpdatePasswordHashAsync(first.Value, "hash-3", Ct);
        (await store.FindUserAsync("admin", Ct)).ShouldNotBeNull().PasswordHash.ShouldBe("hash-3");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ApiKeys_CreateFindTouchRevoke_OnlyTheHashIsStoredAndRevokingIsFinal(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (key, stored) = ApiKeys.Create("billing system", T0);

        var id = await store.AddApiKeyAsync(stored, Ct);

        key.ShouldStartWith(ApiKeys.Scheme);
        var listed = (await store.ListApiKeysAsync(Ct)).ShouldHaveSingleItem();
        listed.ShouldBe(stored with { Id = id });
        listed.KeyHash.ShouldNotContain(key[ApiKeys.Scheme.Length..]);
        (await store.FindApiKeyByHashAsync(ApiKeys.Hash(key), Ct)).ShouldNotBeNull().Id.ShouldBe(id);
        (await store.FindApiKeyByHashAsync(ApiKeys.Hash(key + "x"), Ct)).ShouldBeNull();

        await store.TouchApiKeyAsync(id, T0.AddMinutes(5), Ct);
        (await store.RevokeApiKeyAsync(id, T0.AddHours(1), Ct)).ShouldBeTrue();
        (await store.RevokeApiKeyAsync(id, T0.AddHours(2), Ct)).ShouldBeFalse();

        var revoked = (await store.FindApiKeyByHashAsync(ApiKeys.Hash(key), Ct)).ShouldNotBeNull();
        revoked.LastUsedAt.ShouldBe(T0.AddMinutes(5));
        revoked.RevokedAt.ShouldBe(T0.AddHours(1));
        revoked.IsActive.ShouldBeFalse();
    }
}
