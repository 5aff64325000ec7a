using Npgsql;
using Nudge.Core.Abstractions;
using Nudge.Storage;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// A private, empty database for one test, on the provider a theory row names: a temporary SQLite file, or a
/// uniquely named schema in the PostgreSQL database of <c>NUDGE_TEST_POSTGRES</c>. Disposing it disposes the stores
/// it opened and deletes the database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable holding the PostgreSQL connection string; tests on PostgreSQL skip without it.</summary>
    public const string PostgresEnvironmentVariable = "NUDGE_TEST_POSTGRES";

    private readonly List<IEngineStore> _stores = [];
    private readonly Func<Task> _dropAsync;

    private TestDatabase(string provider, string connectionString, Func<Task> dropAsync)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dropAsync = dropAsync;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Creates the database, or skips the test when it is a PostgreSQL row and no server is configured.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, CancellationToken cancellationToken)
    {
        switch (provider)
        {
            case EngineStoreFactory.Sqlite:
                var path = Path.Combine(Path.GetTempPath(), $"nudge-test-{Guid.NewGuid():N}.db");
                return new TestDatabase(provider, EngineStoreFactory.SqliteConnectionString(path), () =>
                {
                    // WAL mode leaves two companion files next to the database.
                    foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                    {
                        File.Delete(file);
                    }

                    return Task.CompletedTask;
                });

            case EngineStoreFactory.Postgres:
                var server = Environment.GetEnvironmentVariable(PostgresEnvironmentVariable);
                if (string.IsNullOrWhiteSpace(server))
                {
                    Assert.Skip($"{PostgresEnvironmentVariable} is not set: ./test.sh starts PostgreSQL and sets it");
                }

                // A schema per test is as isolated as a database per test, and much cheaper to create and drop.
                var schema = $"test_{Guid.NewGuid():N}";
                await ExecuteAsync(server, $"CREATE SCHEMA {schema}", cancellationToken);
                var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();
                return new TestDatabase(provider, connectionString, () =>
                    ExecuteAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None));

            default:
                throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider));
        }
    }

    /// <summary>A migrated store on this database, as the engine uses it.</summary>
    public async Task<IEngineStore> OpenMigratedStoreAsync(CancellationToken cancellationToken)
    {
        var store = OpenStore();
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>Another store instance on the same database, as a second worker would have.</summary>
    public IEngineStore OpenStore()
    {
        var store = EngineStoreFactory.Create(Provider, ConnectionString);
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        await _dropAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
