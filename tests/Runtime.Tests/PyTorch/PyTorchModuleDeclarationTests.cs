using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using ModelCompiler.Runtime.Tests.Oracle;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.PyTorch;

/// <summary>
/// The submodules a generated <c>PyTorchModule</c> declares, built in libtorch (TorchSharp) from the constructor calls
/// written in its <c>__init__</c>: their state dict must have exactly the model's parameter names and shapes (what
/// <c>load_state_dict(strict=True)</c> checks), so a wrong input width, hidden size, layer count, direction or name in
/// the text fails here. (Its forward runs in PyTorch itself in <see cref="PyTorchModuleExecutionTests"/>.)
/// </summary>
public class PyTorchModuleDeclarationTests
{
    private static readonly Regex s_submodule = new(
        @"^        (?:self\.(?<name>\w+) = |self\.add_module\('(?<name>[^'\\]*)', |self\._modules\['(?<name>[^'\\]*)'\] = )nn\.(?<kind>\w+)\((?<args>[^()]*)\)\)?$",
        RegexOptions.CultureInvariant);

    [Theory]
    [MemberData(nameof(PyTorchModuleCases.Names), MemberType = typeof(PyTorchModuleCases))]
    public void SubmodulesHaveTheModelsParameterNamesAndShapes(string model)
    {
        (string module, Func<INetworkModel> create) = PyTorchModuleCases.All[model];
        ParameterSet parameters = create().Network.Parameters;
        List<(string Name, nn.Module Module)> submodules = Submodules(module);
        using var container = new TorchStateDict(submodules);
        var declared = container.named_parameters().Select(p => (p.name, Shape: p.parameter.shape.Select(d => (int)d).ToArray())).ToList();

        Assert.Equal(parameters.Names.ToArray(), declared.Select(p => p.name).ToArray());
        foreach ((string name, int[] shape) in declared) Assert.Equal(parameters.Shape(name), shape);
    }

    [Fact]
    public void ParserReadsEveryConstructorLine()
    {
        // Guards the test itself: a line the pattern missed would drop a submodule and its parameters silently.
        foreach ((string module, _) in PyTorchModuleCases.All.Values)
        {
            string[] init = InitLines(module);
            Assert.All(init.Where(IsConstructorLine), line => Assert.Matches(s_submodule, line));
        }
    }

    /// <summary>A line that creates a submodule (not a comment, and not an <c>nn.init</c> call on one's tensors).</summary>
    private static bool IsConstructorLine(string line) =>
        line.Contains("nn.") && !line.TrimStart().StartsWith('#') && !line.Contains("nn.init.");

    private static List<(string, nn.Module)> Submodules(string module)
    {
        var result = new List<(string, nn.Module)>();
        foreach (string line in InitLines(module))
        {
            Match match = s_submodule.Match(line);
            if (!match.Success) continue;
            result.Add((match.Groups["name"].Value, Create(match.Groups["kind"].Value, match.Groups["args"].Value)));
        }
        return result;
    }

    private static string[] InitLines(string module)
    {
        string[] lines = module.Split('\n');
        int start = Array.IndexOf(lines, "    def __init__(self):");
        int end = Array.IndexOf(lines, lines.First(line => line.StartsWith("    def forward(", StringComparison.Ordinal)));
        Assert.True(start >= 0 && end > start, "no __init__ before forward in:\n" + module);
        return lines[(start + 1)..end];
    }

    /// <summary>The libtorch module for <c>nn.Kind(args)</c>, Python's positional and keyword arguments read back.</summary>
    private static nn.Module Create(string kind, string arguments)
    {
        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string argument in arguments.Split(", "))
        {
            int equals = argument.IndexOf('=');
            if (equals < 0) positional.Add(argument);
            else named.Add(argument[..equals], argument[(equals + 1)..]);
        }
        long Int(int index) => long.Parse(positional[index], CultureInfo.InvariantCulture);
        long layers = named.TryGetValue("num_layers", out string? n) ? long.Parse(n, CultureInfo.InvariantCulture) : 1;
        double dropout = named.TryGetValue("dropout", out string? p) ? double.Parse(p, CultureInfo.InvariantCulture) : 0;
        bool bidirectional = named.TryGetValue("bidirectional", out string? b) && b == "True";
        Assert.Equal(kind is "LSTM" or "GRU" or "RNN" ? "True" : null, named.GetValueOrDefault("batch_first"));
        return kind switch
        {
            "LSTM" => nn.LSTM(Int(0), Int(1), layers, bias: true, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            "GRU" => nn.GRU(Int(0), Int(1), layers, bias: true, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            "RNN" => nn.RNN(Int(0), Int(1), layers,
                named.GetValueOrDefault("nonlinearity") == "'relu'" ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh,
                bias: true, batchFirst: true, dropout: dropout, bidirectional: bidirectional),
            "Linear" => nn.Linear(Int(0), Int(1)),
            "Embedding" => nn.Embedding(Int(0), Int(1)),
            "Dropout" => nn.Dropout(double.Parse(positional[0], CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException($"Unexpected submodule nn.{kind}({arguments})."),
        };
    }
}
