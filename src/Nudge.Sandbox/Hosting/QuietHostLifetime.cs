using Microsoft.Extensions.Hosting;

namespace Nudge.Sandbox.Hosting;

/// <summary>
/// Replaces the console lifetime: the sandbox runs inside another program (the CLI, tests), so it must not take over
/// Ctrl+C or SIGTERM; its owner stops it through <see cref="GmailSandbox.StopAsync"/>.
/// </summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
