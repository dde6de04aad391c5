using System;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Benchmarks;

/// <summary>Prints the facts a result depends on: processor, the SIMD flags that matter, what .NET enables and which path the engine picks.</summary>
public static class MachineReport
{
    private static readonly string[] FlagsOfInterest = ["avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile"];

    public static void Print(TextWriter writer)
    {
        string[] cpuinfo = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string model = Field(cpuinfo, "model name") ?? "unknown";
        string[] flags = (Field(cpuinfo, "flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        writer.WriteLine($"CPU: {model}, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}");
        writer.WriteLine("Flags of interest: " + string.Join(' ', FlagsOfInterest.Where(flags.Contains)));
        writer.WriteLine($"Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated} Avx512F.IsSupported={Avx512F.IsSupported} "
            + $"Vector256.IsHardwareAccelerated={Vector256.IsHardwareAccelerated} Avx2={Avx2.IsSupported} Fma={Fma.IsSupported}");
        writer.WriteLine($"Engine default path: {IsaSelector.Best}; benchmarked paths force each supported one through Network.Isa.");
    }

    private static string? Field(string[] cpuinfo, string name) =>
        cpuinfo.Where(line => line.StartsWith(name, StringComparison.Ordinal)).Select(line => line[(line.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
}
