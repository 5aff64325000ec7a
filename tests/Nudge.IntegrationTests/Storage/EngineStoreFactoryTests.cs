using Nudge.Core.Contacts;
using Nudge.Storage;
using Nudge.Storage.Postgres;
using Nudge.Storage.Sqlite;

namespace Nudge.IntegrationTests.Storage;

public sealed class EngineStoreFactoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Create_UnknownProvider_ThrowsNamingIt()
    {
        var exception = Should.Throw<ArgumentException>(() => EngineStoreFactory.Create("mysql", "Server=x"));

        exception.ParamName.ShouldBe("provider");
        exception.Message.ShouldContain("mysql");
    }

    [Fact]
    public void Create_KnownProviders_ReturnTheirStores()
    {
        using var sqlite = (SqliteEngineStore)EngineStoreFactory.Create(
            "SQLite", EngineStoreFactory.SqliteConnectionString(Path.Combine(Path.GetTempPath(), "never-opened.db")));
        using var postgres = (PostgresEngineStore)EngineStoreFactory.Create("postgres", "Host=127.0.0.1;Database=never_opened");
    }

    [Fact]
    public void SqliteEngineStore_PrivateInMemoryDatabase_Throws()
    {
        Should.Throw<ArgumentException>(() => new SqliteEngineStore("Data Source=:memory:"));
    }

    [Fact]
    public async Task SqliteEngineStore_SharedInMemoryDatabase_KeepsDataAcrossCalls()
    {
        using var store = new SqliteEngineStore($"Data Source=nudge-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        await store.MigrateAsync(Ct);

        var id = await store.UpsertContactAsync(new Contact(0, "ann@example.com", new Dictionary<string, string>()), Ct);

        (await store.GetContactAsync(id, Ct)).ShouldNotBeNull().Email.ShouldBe("ann@example.com");
    }
}
