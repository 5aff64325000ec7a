using System.Data.Common;
using Npgsql;

namespace Nudge.Storage.Postgres;

/// <summary>
/// The engine's store in a PostgreSQL database, which several worker processes may share.
/// </summary>
/// <remarks>
/// Workers never claim the same enrollment twice: a claim locks the due rows it takes with
/// <c>FOR UPDATE SKIP LOCKED</c> and leases them, so a concurrent claim skips them instead of waiting, and a dead
/// worker's enrollments come back once their lease runs out. Migrations take an advisory lock, so workers may all
/// migrate at start. Connections come from one pooled <see cref="NpgsqlDataSource"/> per store.
/// </remarks>
public sealed class PostgresEngineStore : SqlEngineStore, IDisposable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a store on the database the connection string names; nothing is opened until first use.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Username=…;Password=…;Database=…</c>).</param>
    /// <param name="timeProvider">The clock for migration bookkeeping; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">The connection string is blank or not a valid Npgsql connection string.</exception>
    public PostgresEngineStore(string connectionString, TimeProvider? timeProvider = null)
        : base(SqlDialect.Postgres, writeGate: null, timeProvider ?? TimeProvider.System)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    private protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <summary>Closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
