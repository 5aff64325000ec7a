using System.Security.Cryptography;
using System.Text;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The CSV files uploaded to <c>/contacts/import</c>, kept on the server between the upload and the import, so that the
/// mapping and the check never send the file back and forth and the browser never names a path.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Each file is <c>&lt;root&gt;/&lt;user&gt;/&lt;id&gt;.csv</c>: <c>&lt;user&gt;</c> is a hash of the session
/// user's id, <c>&lt;id&gt;</c> 128 random bits in hex. The browser only ever holds the id, which is checked to be 32 hex
/// digits and looked up in the signed-in user's own folder: another user's id, or a path, finds nothing.</item>
/// <item>A file is deleted after its import, and any file older than <see cref="Lifetime"/> at the next upload (its age
/// is measured with the dashboard's clock, which stamps it).</item>
/// <item>Folders are created readable by the owner only on Unix.</item>
/// </list>
/// </remarks>
public sealed class ContactUploads
{
    /// <summary>The largest file accepted: 10 MB.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>How long an upload waits for its import.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _root;
    private readonly TimeProvider _time;

    /// <param name="root">The folder of the uploads (<see cref="DefaultRoot"/>).</param>
    /// <param name="timeProvider">The clock that stamps and expires them.</param>
    public ContactUploads(string root, TimeProvider timeProvider)
    {
        _root = root;
        _time = timeProvider;
    }

    /// <summary><c>nudge-uploads</c> in the system's temporary folder.</summary>
    public static string DefaultRoot => Path.Combine(Path.GetTempPath(), "nudge-uploads");

    /// <summary>Stores <paramref name="content"/> for <paramref name="user"/>; returns its id.</summary>
    public async Task<string> SaveAsync(string user, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Sweep();
        var folder = UserFolder(user);
        CreateFolder(folder);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(folder, id + ".csv");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            await content.CopyToAsync(file, cancellationToken);
        }

        File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
        return id;
    }

    /// <summary>The path of <paramref name="user"/>'s upload <paramref name="id"/>, or <see langword="null"/> when there is none (or it expired).</summary>
    public string? Find(string user, string? id)
    {
        if (!IsId(id))
        {
            return null;
        }

        var path = Path.Combine(UserFolder(user), id + ".csv");
        return File.Exists(path) && !IsExpired(path) ? path : null;
    }

    /// <summary>Deletes <paramref name="user"/>'s upload <paramref name="id"/>, if it is there.</summary>
    public void Delete(string user, string? id)
    {
        if (IsId(id))
        {
            File.Delete(Path.Combine(UserFolder(user), id + ".csv"));
        }
    }

    /// <summary>Deletes every upload older than <see cref="Lifetime"/>.</summary>
    public void Sweep()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(_root, "*.csv", SearchOption.AllDirectories))
        {
            if (IsExpired(path))
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                    // Another request is reading it: the next sweep gets it.
                }
            }
        }
    }

    private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private bool IsExpired(string path) => _time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) > Lifetime;

    private string UserFolder(string user) =>
        Path.Combine(_root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..32]);

    private void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(_root, OwnerOnly);
        Directory.CreateDirectory(folder, OwnerOnly);
    }
}
