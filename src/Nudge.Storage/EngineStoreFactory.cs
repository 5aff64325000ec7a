using Microsoft.Data.Sqlite;
using Nudge.Core.Abstractions;
using Nudge.Storage.Postgres;
using Nudge.Storage.Sqlite;

namespace Nudge.Storage;

/// <summary>Creates the engine's store for a configured provider name.</summary>
public static class EngineStoreFactory
{
    /// <summary>The provider name of <see cref="SqliteEngineStore"/>.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The provider name of <see cref="PostgresEngineStore"/>.</summary>
    public const string Postgres = "postgres";

    /// <summary>Creates a store for <paramref name="provider"/> on the database of <paramref name="connectionString"/>.</summary>
    /// <param name="provider"><c>sqlite</c> or <c>postgres</c>, in any case.</param>
    /// <param name="connectionString">The provider's connection string.</param>
    /// <param name="timeProvider">The clock for migration bookkeeping; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>A store that is also <see cref="IDisposable"/>: dispose it when done.</returns>
    /// <exception cref="ArgumentException">The provider is not one of the two, or the connection string is blank.</exception>
    public static IEngineStore Create(string provider, string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return new SqliteEngineStore(connectionString, timeProvider);
        }

        if (string.Equals(provider, Postgres, StringComparison.OrdinalIgnoreCase))
        {
            return new PostgresEngineStore(connectionString, timeProvider);
        }

        throw new ArgumentException($"Unknown storage provider '{provider}': use '{Sqlite}' or '{Postgres}'.", nameof(provider));
    }

    /// <summary>The SQLite connection string for a database file (created on first use).</summary>
    /// <param name="path">The database file's path.</param>
    public static string SqliteConnectionString(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqliteConnectionStringBuilder { DataSource = path }.ToString();
    }
}
