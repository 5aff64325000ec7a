using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using System.Security.Cryptography;
using System.Text;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The dashboard's stylesheet and script, compiled into this assembly (<c>Assets/Assets.resx</c> links the files in
/// <c>Assets/</c>) rather than served from disk: the CLI runs from its build folder, where static web assets are not.
/// </summary>
public sealed class DashboardAssets
{
    /// <summary>The path under which <c>/assets/{name}</c> serves them.</summary>
    public const string PathPrefix = "/assets/";

    private static readonly string[] Names = ["nudge.css", "nudge.js"];

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> assets)
    {
        _assets = assets;
    }

    /// <summary>Reads the assets from the assembly.</summary>
    /// <exception cref="InvalidOperationException">An asset is missing from the assembly (a build problem).</exception>
    public static DashboardAssets Load()
    {
        var resources = new ResourceManager("Nudge.Web.Assets.Assets", typeof(DashboardAssets).Assembly);
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var text = resources.GetString(name, CultureInfo.InvariantCulture)
                ?? throw new InvalidOperationException($"The dashboard asset {name} is not in {typeof(DashboardAssets).Assembly.GetName().Name}.");
            var content = Encoding.UTF8.GetBytes(text);
            var version = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
            var contentType = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            assets[name] = new DashboardAsset(name, content, contentType, version);
        }

        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The asset with this file name, or <see langword="null"/>.</summary>
    public DashboardAsset? Find(string name) => _assets.GetValueOrDefault(name);

    /// <summary>
    /// The URL of an asset with its version in the query, so that a page always loads the asset it was built with and
    /// browsers may cache each version for good.
    /// </summary>
    /// <exception cref="ArgumentException">There is no such asset.</exception>
    public string Url(string name) =>
        _assets.TryGetValue(name, out var asset)
            ? $"{PathPrefix}{name}?v={asset.Version}"
            : throw new ArgumentException($"no dashboard asset named {name}", nameof(name));
}
