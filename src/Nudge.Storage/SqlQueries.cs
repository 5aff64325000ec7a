using System.Globalization;
using System.Reflection;
using System.Text;

namespace Nudge.Storage;

/// <summary>
/// The SQL of one dialect, read from the embedded <c>Sql/&lt;dialect&gt;/</c> files: named queries from
/// <c>queries.sql</c> (listmonk's <c>-- name: X</c> markers) and the numbered migrations.
/// </summary>
internal sealed class SqlQueries
{
    private const string NameMarker = "-- name:";

    private static readonly SqlQueries SqliteQueries = Load(SqlDialect.Sqlite);
    private static readonly SqlQueries PostgresQueries = Load(SqlDialect.Postgres);

    private readonly Dictionary<string, string> _queries;

    private SqlQueries(Dictionary<string, string> queries, IReadOnlyList<SqlMigration> migrations)
    {
        _queries = queries;
        Migrations = migrations;
    }

    /// <summary>The migrations in version order.</summary>
    public IReadOnlyList<SqlMigration> Migrations { get; }

    public string this[string name] =>
        _queries.TryGetValue(name, out var sql)
            ? sql
            : throw new InvalidOperationException($"No query named '{name}' in the embedded queries.sql.");

    public static SqlQueries For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => SqliteQueries,
        SqlDialect.Postgres => PostgresQueries,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };

    /// <summary>Splits a listmonk-style file into its named queries; text before the first marker is ignored.</summary>
    internal static Dictionary<string, string> Parse(string text)
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(NameMarker, StringComparison.Ordinal))
            {
                Add(name, body, queries);
                name = trimmed[NameMarker.Length..].Trim();
                body.Clear();
            }
            else if (name is not null)
            {
                body.Append(line.TrimEnd()).Append('\n');
            }
        }

        Add(name, body, queries);
        return queries;

        static void Add(string? name, StringBuilder body, Dictionary<string, string> queries)
        {
            if (name is null)
            {
                return;
            }

            if (!queries.TryAdd(name, body.ToString().Trim()))
            {
                throw new InvalidOperationException($"The query '{name}' is defined twice.");
            }
        }
    }

    private static SqlQueries Load(SqlDialect dialect)
    {
        var folder = dialect == SqlDialect.Sqlite ? "sqlite" : "postgres";
        var assembly = typeof(SqlQueries).Assembly;

        // The csproj names each resource "Nudge.Storage.Sql." + its path under Sql/, with '/' kept.
        var prefix = $"Nudge.Storage.Sql.{folder}/";
        var queries = Parse(ReadResource(assembly, prefix + "queries.sql"));

        var migrationPrefix = prefix + "migrations/";
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(migrationPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var fileName = n[migrationPrefix.Length..];
                var digits = new string(fileName.TakeWhile(char.IsAsciiDigit).ToArray());
                if (digits.Length == 0)
                {
                    throw new InvalidOperationException($"Migration '{n}' does not start with its version number.");
                }

                return new SqlMigration(int.Parse(digits, CultureInfo.InvariantCulture), fileName, ReadResource(assembly, n));
            })
            .OrderBy(m => m.Version)
            .ToList();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two {folder} migrations share version {duplicate.Key}.");
        }

        return new SqlQueries(queries, migrations);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL '{name}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
