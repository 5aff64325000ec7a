using System.Data;
using System.Data.Common;
using Dapper;
using Nudge.Core.Contacts;

namespace Nudge.Storage;

/// <summary>
/// Writes <see cref="SqlEngineStore.ImportContactsAsync"/>'s contacts batch by batch inside its one transaction.
/// </summary>
/// <remarks>
/// Made for a million rows: the per-row statements are prepared once and rebound (Dapper's per-call command setup was
/// most of an import's time), and the stored fields are read once per batch on the transaction's own connection, so a
/// contact written by an earlier batch of the same import is seen as stored.
/// </remarks>
internal sealed class ContactImportWriter : IAsyncDisposable
{
    /// <summary>Contacts per batch: one query for their stored fields, and bounded memory.</summary>
    public const int BatchSize = 1_000;

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly SqlQueries _sql;
    private readonly SqlDialect _dialect;
    private readonly DbCommand _upsert;
    private readonly DbCommand _deleteAddresses;
    private readonly DbCommand _ownAddress;
    private readonly DbCommand _otherAddress;
    private bool _prepared;

    public ContactImportWriter(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
    {
        _dialect = dialect;
        _connection = connection;
        _transaction = transaction;
        _sql = SqlQueries.For(dialect);
        _upsert = Create("UpsertContact", ("email", DbType.String), ("emailKey", DbType.String), ("fieldsJson", DbType.String));
        _deleteAddresses = Create("DeleteContactAddresses", ("contactId", DbType.Int64));
        _ownAddress = Create("UpsertContactOwnAddress", ("emailKey", DbType.String), ("contactId", DbType.Int64));
        _otherAddress = Create("UpsertContactAddress", ("emailKey", DbType.String), ("contactId", DbType.Int64));
    }

    /// <summary>Contacts inserted or updated so far.</summary>
    public int Count { get; private set; }

    /// <summary>Upserts the batch: each contact's stored fields under its new ones, and the addresses it is known by.</summary>
    public async Task WriteAsync(IReadOnlyList<Contact> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (!_prepared)
        {
            foreach (var command in (DbCommand[])[_upsert, _deleteAddresses, _ownAddress, _otherAddress])
            {
                await command.PrepareAsync(cancellationToken);
            }

            _prepared = true;
        }

        var emailKeys = batch.Select(c => c.Email.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        object keys = _dialect == SqlDialect.Sqlite
            ? System.Text.Json.JsonSerializer.Serialize(emailKeys, StorageJsonContext.Default.StringArray)
            : emailKeys;
        var rows = await _connection.QueryAsync<ContactRow>(new CommandDefinition(
            _sql["FindContactsByEmailKeys"], new { emailKeys = keys }, _transaction, cancellationToken: cancellationToken));
        var stored = rows.ToDictionary(r => r.Email.Trim().ToLowerInvariant(), r => r.ToModel(), StringComparer.Ordinal);
        foreach (var contact in batch)
        {
            var emailKey = contact.Email.Trim().ToLowerInvariant();
            var existing = stored.GetValueOrDefault(emailKey);
            var merged = existing is null ? contact : contact with { Fields = Merge(existing.Fields, contact.Fields) };
            _upsert.Parameters[0].Value = contact.Email.Trim();
            _upsert.Parameters[1].Value = emailKey;
            _upsert.Parameters[2].Value = StoreRows.SerializeFields(merged.Fields);
            var contactId = Convert.ToInt64(await _upsert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

            // A new contact has no addresses yet (they reference it): only a stored one's are replaced.
            if (existing is not null)
            {
                _deleteAddresses.Parameters[0].Value = contactId;
                await _deleteAddresses.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var address in ContactAddresses.Of(merged))
            {
                var command = address == emailKey ? _ownAddress : _otherAddress;
                command.Parameters[0].Value = address;
                command.Parameters[1].Value = contactId;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            // A later row of the same batch with the same email merges with this one, as it would across batches.
            stored[emailKey] = merged with { Id = contactId };
            Count++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _upsert.DisposeAsync();
        await _deleteAddresses.DisposeAsync();
        await _ownAddress.DisposeAsync();
        await _otherAddress.DisposeAsync();
    }

    /// <summary>The stored fields under the new ones: a CSV without some columns must not erase what running steps need.</summary>
    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> fresh)
    {
        var fields = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        foreach (var (name, value) in fresh)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                fields[name] = value;
            }
        }

        return fields;
    }

    private DbCommand Create(string query, params (string Name, DbType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = _sql[query];
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
