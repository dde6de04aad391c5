using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ModelCompiler.Benchmarks.Catalog;
using ModelCompiler.Benchmarks.Models;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Cases;

/// <summary>
/// SPEC §6: the compiled Step of the two stream shapes under each unroll policy (Auto is the shape's default
/// model), next to the runtime engine's generic step on the same weights, on every engine path. Auto must be the
/// faster of Full and Tiles on each path.
/// </summary>
public class UnrollPolicyBenchmark
{
    public enum Kernel { Auto, Full, Tiles, Engine }

    private readonly float[] _x = [0.25f], _y = new float[1];
    private Action _step = null!;

    [Params(Shapes.StreamLstm16, Shapes.StreamGru64)]
    public string Shape { get; set; } = Shapes.StreamLstm16;

    [ParamsAllValues]
    public Kernel Policy { get; set; }

    [ParamsSource(nameof(Paths))]
    public Implementation Impl { get; set; }

    public static IEnumerable<Implementation> Paths => Implementations.EnginePaths();

    [GlobalSetup]
    public void Setup()
    {
        (INetworkModel model, Action compiled) = Create(Shape == Shapes.StreamLstm16, Policy);
        model.Network.Isa = Impl.ToIsa();
        Network network = model.Network;
        _step = Policy == Kernel.Engine ? () => network.Step(_x, _y) : compiled;
        WarmUp.Run(Step);
    }

    /// <summary>The model compiled under <paramref name="policy"/> (Auto's for Engine) and a call of its compiled Step.</summary>
    private (INetworkModel Model, Action Step) Create(bool lstm, Kernel policy)
    {
        switch (policy)
        {
            case Kernel.Full when lstm: { var m = new StreamLstm16FullModel(); return (m, () => m.Step(_x, _y)); }
            case Kernel.Full: { var m = new StreamGru64FullModel(); return (m, () => m.Step(_x, _y)); }
            case Kernel.Tiles when lstm: { var m = new StreamLstm16TilesModel(); return (m, () => m.Step(_x, _y)); }
            case Kernel.Tiles: { var m = new StreamGru64TilesModel(); return (m, () => m.Step(_x, _y)); }
            default:
                if (lstm) { var m = new StreamLstm16Model(); return (m, () => m.Step(_x, _y)); }
                else { var m = new StreamGru64Model(); return (m, () => m.Step(_x, _y)); }
        }
    }

    [Benchmark]
    public void Step() => _step();
}
