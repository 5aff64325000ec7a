namespace Nudge.Storage;

/// <summary>One numbered migration script, <c>Sql/&lt;dialect&gt;/migrations/NNN_name.sql</c>.</summary>
internal sealed record SqlMigration(int Version, string Name, string Sql);
