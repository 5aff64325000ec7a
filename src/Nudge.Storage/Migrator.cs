using System.Data.Common;
using Dapper;

namespace Nudge.Storage;

/// <summary>
/// Applies the numbered migrations of a dialect that the database has not applied yet, each in its own transaction
/// together with its <c>schema_migrations</c> row, so that a failed migration leaves the previous version intact.
/// </summary>
/// <remarks>
/// On PostgreSQL each transaction first takes a transaction-scoped advisory lock: two workers starting together
/// queue on it, and the second finds the migration already recorded. SQLite needs no lock: the store's write
/// semaphore serialises migrations in the process, and SQLite's write lock serialises processes.
/// </remarks>
internal static class Migrator
{
    // Any constant works, as long as every Nudge process uses the same one: "Nudge" in ASCII, then 1.
    private const long PostgresLockKey = 0x4E75646765_0001;

    public static async Task ApplyAsync(
        DbConnection connection, SqlDialect dialect, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var queries = SqlQueries.For(dialect);
        foreach (var migration in queries.Migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (dialect == SqlDialect.Postgres)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    queries["LockMigrations"], new { lockKey = PostgresLockKey }, transaction, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(new CommandDefinition(
                queries["CreateMigrationsTable"], transaction: transaction, cancellationToken: cancellationToken));
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                queries["IsMigrationApplied"], new { version = migration.Version }, transaction, cancellationToken: cancellationToken));
            if (applied > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                queries["RecordMigration"],
                new { version = migration.Version, appliedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
