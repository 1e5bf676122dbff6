using System.Globalization;

namespace Inference.Fuzz.Memory;

/// <summary>The resident set size of a process on this machine, from /proc/&lt;pid&gt;/status (Linux).</summary>
public static class ProcessMemory
{
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture) + " MB";
}
