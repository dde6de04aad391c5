using System;
using System.Diagnostics;

namespace ModelCompiler.Runtime.Tests.PyTorch;

/// <summary>
/// A Python interpreter that imports <c>torch</c>, if this machine has one: <c>MODELCOMPILER_PYTHON</c>, else
/// <c>python3</c> on the PATH, else the system's <c>/usr/bin/python3</c> (Debian's <c>python3-torch</c> package).
/// </summary>
internal static class PythonTorch
{
    private static readonly Lazy<string?> s_interpreter = new(Find);

    public static string? Interpreter => s_interpreter.Value;

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; returns the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string interpreter, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + "\n(timed out)");
        }
        return (process.ExitCode, output + error.Result);
    }

    private static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("MODELCOMPILER_PYTHON");
        string[] candidates = string.IsNullOrEmpty(configured) ? new[] { "python3", "/usr/bin/python3" } : new[] { configured };
        foreach (string candidate in candidates)
        {
            try
            {
                var start = new ProcessStartInfo(candidate, "-c \"import torch\"") { RedirectStandardOutput = true, RedirectStandardError = true };
                using Process process = Process.Start(start)!;
                process.StandardError.ReadToEnd();
                if (process.WaitForExit(TimeSpan.FromSeconds(60)) && process.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed: try the next one.
            }
        }
        return null;
    }
}
