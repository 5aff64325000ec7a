namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The base of dashboard test classes that work as the signed-in admin: a host on a fresh database whose first-run
/// setup is done, and the client that did it.
/// </summary>
public abstract class SignedInDashboardTests : IAsyncLifetime
{
    private DashboardServer? _server;
    private DashboardClient? _client;

    private protected DashboardServer Server => _server ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    private protected DashboardClient Client => _client ?? throw new InvalidOperationException("The client signs in in InitializeAsync.");

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        _client = await _server.SetUpAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
