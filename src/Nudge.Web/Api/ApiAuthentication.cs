using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Core.Accounts;

namespace Nudge.Web.Api;

/// <summary>
/// The API's door: <c>Authorization: Bearer &lt;key&gt;</c>, where the key is an API key of the store (made and revoked
/// on the dashboard) or the static token of <see cref="NudgeApiOptions.Token"/> (<c>nudge run --listen</c>). Anything
/// else is a 401 problem, before the endpoint reads anything.
/// </summary>
/// <remarks>
/// The store is asked on every request, so that a revoked key stops working at once, not when a cache expires. Its
/// <c>last_used_at</c> is written at most once a minute per key: a busy integration must not turn every read into a
/// write.
/// </remarks>
internal sealed class ApiAuthentication
{
    private const string Scheme = "Bearer ";
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly byte[]? _tokenHash;
    private readonly ConcurrentDictionary<long, DateTimeOffset> _touched = new();

    public ApiAuthentication(IEngineStore store, TimeProvider time, string? staticToken)
    {
        _store = store;
        _time = time;
        _tokenHash = string.IsNullOrEmpty(staticToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(staticToken));
    }

    /// <summary>The endpoint filter: the request goes on when its credential opens the API; otherwise a 401 problem.</summary>
    public async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var refusal = await CheckAsync(http.Request, http.RequestAborted);
        if (refusal is not null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized(refusal);
        }

        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // One failing request must answer as the API answers, not with an empty 500 and a torn connection.
            if (http.RequestServices.GetService(typeof(ILoggerFactory)) is ILoggerFactory loggers)
            {
                ApiLog.RequestFailed(loggers.CreateLogger("Nudge.Web.Api"), http.Request.Method, http.Request.Path.Value ?? "", ex);
            }

            return Problems.Internal();
        }
    }

    /// <summary><see langword="null"/> when the request may go on; otherwise why not, in words for the caller.</summary>
    private async Task<string?> CheckAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const string Missing = "missing or wrong bearer token (Authorization: Bearer <token>)";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Missing;
        }

        var presented = header[Scheme.Length..].Trim();
        if (presented.Length == 0)
        {
            return Missing;
        }

        if (ApiKeys.LooksLikeKey(presented))
        {
            var hash = ApiKeys.Hash(presented);
            if (await _store.FindApiKeyByHashAsync(hash, cancellationToken) is { } key
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.KeyHash), Encoding.ASCII.GetBytes(hash)))
            {
                if (!key.IsActive)
                {
                    return $"the API key {key.Prefix}… was revoked";
                }

                await TouchAsync(key, cancellationToken);
                return null;
            }
        }

        // Hashes first, so that the comparison takes as long whatever the length of what was sent; then constant time.
        return _tokenHash is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _tokenHash)
            ? null
            : Missing;
    }

    private async Task TouchAsync(ApiKey key, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if ((key.LastUsedAt is { } used && now - used < TouchInterval)
            || (_touched.TryGetValue(key.Id, out var touched) && now - touched < TouchInterval))
        {
            return;
        }

        _touched[key.Id] = now;
        await _store.TouchApiKeyAsync(key.Id, now, cancellationToken);
    }
}
