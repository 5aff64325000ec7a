using Dapper;
using Nudge.Core.Accounts;

namespace Nudge.Storage;

// Dashboard accounts and API keys (issue 7).
public abstract partial class SqlEngineStore
{
    public async Task<int> CountUsersAsync(CancellationToken cancellationToken) =>
        (int)await ReadAsync(c => c.ExecuteScalarAsync<long>(Command("CountUsers", null, cancellationToken)), cancellationToken);

    public async Task<long?> AddFirstUserAsync(UserAccount user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var parameters = new
        {
            username = user.Username.Trim().ToLowerInvariant(),
            passwordHash = user.PasswordHash,
            createdAt = StoreRows.ToUnixMs(user.CreatedAt),
        };
        return await WriteAsync(c => c.QuerySingleOrDefaultAsync<long?>(Command("AddFirstUser", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<UserAccount?> FindUserAsync(string username, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(
            c => c.QuerySingleOrDefaultAsync<UserRow>(Command("FindUser", new { username = username.Trim().ToLowerInvariant() }, cancellationToken)),
            cancellationToken);
        return row?.ToModel();
    }

    public Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken cancellationToken) =>
        WriteAsync(c => c.ExecuteAsync(Command("UpdatePasswordHash", new { id = userId, passwordHash }, cancellationToken)), cancellationToken);

    public async Task<long> AddApiKeyAsync(ApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = new { name = key.Name, prefix = key.Prefix, keyHash = key.KeyHash, createdAt = StoreRows.ToUnixMs(key.CreatedAt) };
        return await WriteAsync(c => c.ExecuteScalarAsync<long>(Command("AddApiKey", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<ApiKeyRow>(Command("ListApiKeys", null, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<ApiKey?> FindApiKeyByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        var row = await ReadAsync(c => c.QuerySingleOrDefaultAsync<ApiKeyRow>(Command("FindApiKeyByHash", new { keyHash }, cancellationToken)),
            cancellationToken);
        return row?.ToModel();
    }

    public Task TouchApiKeyAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(c => c.ExecuteAsync(Command("TouchApiKey", new { id, at = StoreRows.ToUnixMs(at) }, cancellationToken)), cancellationToken);

    public async Task<bool> RevokeApiKeyAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync(c => c.ExecuteAsync(Command("RevokeApiKey", new { id, at = StoreRows.ToUnixMs(at) }, cancellationToken)), cancellationToken) == 1;
}
