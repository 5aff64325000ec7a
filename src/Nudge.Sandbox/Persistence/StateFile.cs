using System.Text.Json;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Persistence;

/// <summary>Reads and writes the state file. Writes go to a temporary file renamed over the old one, so a crash
/// mid-write leaves the previous state intact.</summary>
internal static class StateFile
{
    public static StateDocument? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        return JsonSerializer.Deserialize(bytes, SandboxJson.Context.StateDocument)
            ?? throw new InvalidDataException($"The sandbox state file '{path}' is empty.");
    }

    public static void Save(string path, StateDocument document)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, SandboxJson.Context.StateDocument);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
