using System;
using System.IO;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The size of one core's level-1 data cache, read once from Linux's sysfs; 32 KiB (the smallest of current x64 and
/// Arm server cores) wherever it cannot be read. Products size their depth passes by it (<see cref="MatMul{TIsa, TVec}"/>).
/// </summary>
internal static class L1DataCache
{
    /// <summary>The assumption where the size is unknown.</summary>
    public const int DefaultBytes = 32 * 1024;

    /// <summary>Bytes of level-1 data cache per core.</summary>
    public static int Bytes { get; } = Read();

    private static int Read()
    {
        try
        {
            const string caches = "/sys/devices/system/cpu/cpu0/cache";
            if (!Directory.Exists(caches)) return DefaultBytes;
            foreach (string index in Directory.GetDirectories(caches, "index*"))
            {
                if (File.ReadAllText(Path.Combine(index, "level")).Trim() != "1") continue;
                if (File.ReadAllText(Path.Combine(index, "type")).Trim() != "Data") continue;
                return Parse(File.ReadAllText(Path.Combine(index, "size")));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable sysfs leaves the assumption.
        }
        return DefaultBytes;
    }

    /// <summary>sysfs' "48K" (or "1M", or plain bytes) in bytes; <see cref="DefaultBytes"/> for anything else.</summary>
    internal static int Parse(string text)
    {
        string value = text.Trim();
        int scale = value.EndsWith('K') ? 1024 : value.EndsWith('M') ? 1024 * 1024 : 1;
        if (scale != 1) value = value[..^1];
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number)
            && number > 0 && number <= int.MaxValue / scale
            ? number * scale
            : DefaultBytes;
    }
}
