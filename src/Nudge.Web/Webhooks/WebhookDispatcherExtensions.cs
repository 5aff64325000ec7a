using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nudge.Core.Abstractions;

namespace Nudge.Web.Webhooks;

/// <summary>Hosting the <see cref="WebhookDispatcher"/> in an app.</summary>
public static class WebhookDispatcherExtensions
{
    /// <summary>
    /// Runs a <see cref="WebhookDispatcher"/> on <paramref name="store"/> as a hosted service of the app: it starts and
    /// stops with the host. The options are validated at start.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="store">The store the API and the worker use.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="configure">Changes to the defaults of <see cref="WebhookOptions"/>.</param>
    public static IServiceCollection AddNudgeWebhookDispatcher(this IServiceCollection services, IEngineStore store, TimeProvider timeProvider,
        Action<WebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        services.AddOptions<WebhookOptions>().Configure(options => configure?.Invoke(options)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new WebhookDispatcher(store, timeProvider, provider.GetRequiredService<IOptions<WebhookOptions>>().Value,
            provider.GetService<ILogger<WebhookDispatcher>>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
