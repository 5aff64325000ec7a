namespace Nudge.Web.Dashboard;

/// <summary>Writes the files users edit in the dashboard (sequences, templates) so that no reader sees half a file.</summary>
internal static class FileReplacer
{
    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/>, then moves it over it.</summary>
    public static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
