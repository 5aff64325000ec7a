namespace Nudge.IntegrationTests.Web;

/// <summary>
/// The base of API test classes that need a running host and a client carrying an API key made in the store, as a
/// key made on the dashboard's settings page would be.
/// </summary>
public abstract class KeyedApiTests : IAsyncLifetime
{
    private NudgeApiServer? _server;
    private HttpClient? _http;

    private protected NudgeApiServer Server => _server ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    private protected HttpClient Http => _http ?? throw new InvalidOperationException("The client is made in InitializeAsync.");

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await NudgeApiServer.StartAsync(token: null, Ct);
        var (key, _) = await _server.CreateApiKeyAsync("crm", Ct);
        _http = _server.CreateClient("Bearer " + key);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
