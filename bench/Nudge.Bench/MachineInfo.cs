using System.Globalization;
using System.Runtime.InteropServices;

namespace Nudge.Bench;

/// <summary>The machine the figures were measured on, as <c>docs/BENCHMARKS.md</c> states it.</summary>
public static class MachineInfo
{
    /// <summary>One line: CPU model, cores, memory, OS and runtime.</summary>
    public static string Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memoryKb = ReadField("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var memory = long.TryParse(memoryKb, NumberStyles.None, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:F1} GB RAM")
            : "RAM unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"{cpu}, {Environment.ProcessorCount} cores, {memory}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    }

    /// <summary>The process's peak resident set (VmHWM) in MB, or 0 where <c>/proc</c> does not say.</summary>
    public static double PeakRssMegabytes()
    {
        var value = ReadField("/proc/self/status", "VmHWM")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb / 1024.0 : 0;
    }

    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
