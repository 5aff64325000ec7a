namespace Nudge.Storage;

/// <summary>The SQL dialects Nudge stores in; each has its folder of embedded SQL under <c>Sql/</c>.</summary>
internal enum SqlDialect
{
    Sqlite,
    Postgres,
}
