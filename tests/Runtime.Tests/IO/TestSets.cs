using System;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Tests.IO;

/// <summary>Small parameter sets shared by the tests.</summary>
internal static class TestSets
{
    /// <summary>{"a": [2, 3]} filled with 1..6.</summary>
    public static ParameterSet SingleA(Action? changed = null)
    {
        var set = new ParameterSet(new[] { new ParameterInfo("a", new[] { 2, 3 }, 0) }, new AlignedBuffer(6), changed);
        set.CopyFrom("a", new float[] { 1, 2, 3, 4, 5, 6 });
        return set;
    }

    /// <summary>weight [2, 3] at 0 and bias [3] at the next 64-byte boundary, with recognisable values.</summary>
    public static ParameterSet WeightAndBias(Action? changed = null)
    {
        var entries = new[]
        {
            new ParameterInfo("layer.weight", new[] { 2, 3 }, 0),
            new ParameterInfo("layer.bias", new[] { 3 }, AlignedBuffer.AlignmentFloats),
        };
        var storage = new AlignedBuffer(AlignedBuffer.AlignmentFloats * 2);
        for (int i = 0; i < storage.Length; i++) storage.Span[i] = 100 + i;
        return new ParameterSet(entries, storage, changed);
    }
}
