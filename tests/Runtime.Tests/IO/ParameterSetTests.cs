using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Memory;
using Xunit;

namespace ModelCompiler.Runtime.Tests.IO;

public sealed class ParameterSetTests
{
    [Fact]
    public void ExposesNamesShapesAndLengthsInStateDictOrder()
    {
        ParameterSet set = TestSets.WeightAndBias();

        Assert.Equal(new[] { "layer.weight", "layer.bias" }, set.Names);
        Assert.Equal(new[] { 2, 3 }, set.Shape("layer.weight"));
        Assert.Equal(6, set.Length("layer.weight"));
        Assert.Equal(3, set.Length("layer.bias"));
        Assert.Equal(9, set.TotalLength);
        Assert.True(set.Contains("layer.bias"));
        Assert.False(set.Contains("layer.gamma"));
    }

    [Fact]
    public void ShapeIsACopy()
    {
        int[] input = { 2, 3 };
        var set = new ParameterSet(new[] { new ParameterInfo("a", input, 0) }, new AlignedBuffer(6));
        input[0] = 99;
        set.Shape("a")[1] = 99;

        Assert.Equal(new[] { 2, 3 }, set.Shape("a"));
    }

    [Fact]
    public void CopyToReadsTheTensorAtItsOffset()
    {
        ParameterSet set = TestSets.WeightAndBias();
        var bias = new float[3];

        set.CopyTo("layer.bias", bias);

        Assert.Equal(new float[] { 116, 117, 118 }, bias);
    }

    [Fact]
    public void CopyFromWritesOnlyThatTensorAndNotifies()
    {
        int notifications = 0;
        ParameterSet set = TestSets.WeightAndBias(() => notifications++);

        set.CopyFrom("layer.bias", new float[] { -1, -2, -3 });

        Assert.Equal(1, notifications);
        Assert.Equal(new float[] { -1, -2, -3 }, set.GetSpan("layer.bias").ToArray());
        Assert.Equal(new float[] { 100, 101, 102, 103, 104, 105 }, set.GetSpan("layer.weight").ToArray());
        Assert.Equal(115f, set.AsSpan()[15]);
    }

    [Fact]
    public void UnknownNameListsTheKnownNames()
    {
        ParameterSet set = TestSets.WeightAndBias();

        var error = Assert.Throws<KeyNotFoundException>(() => set.Shape("layer.gamma"));

        Assert.Contains("layer.gamma", error.Message);
        Assert.Contains("layer.weight, layer.bias", error.Message);
    }

    [Fact]
    public void NonFiniteValuesAreRejectedAndChangeNothing()
    {
        int notifications = 0;
        ParameterSet set = TestSets.WeightAndBias(() => notifications++);

        var error = Assert.Throws<ArgumentException>(() => set.CopyFrom("layer.bias", new[] { 1f, float.NaN, 3f }));

        Assert.Contains("[1]", error.Message);
        Assert.Contains("NaN", error.Message);
        Assert.Equal(0, notifications);
        Assert.Equal(new[] { 116f, 117f, 118f }, set.GetSpan("layer.bias").ToArray());
    }

    [Fact]
    public void WrongSpanLengthNamesExpectedActualAndShape()
    {
        int notifications = 0;
        ParameterSet set = TestSets.WeightAndBias(() => notifications++);

        var error = Assert.Throws<ArgumentException>(() => set.CopyFrom("layer.weight", new float[5]));
        Assert.Throws<ArgumentException>(() => set.CopyTo("layer.weight", new float[7]));

        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("6", error.Message);
        Assert.Contains("5", error.Message);
        Assert.Equal(0, notifications);
        Assert.Equal(100f, set.AsSpan()[0]);
    }

    [Fact]
    public void LookupsAndCopiesDoNotAllocate()
    {
        ParameterSet set = TestSets.WeightAndBias();
        Span<float> weight = stackalloc float[6];
        set.CopyTo("layer.weight", weight);
        set.CopyFrom("layer.weight", weight);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            set.CopyTo("layer.weight", weight);
            set.CopyFrom("layer.weight", weight);
            _ = set.Length("layer.bias") + set.GetSpan("layer.bias").Length;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void RejectsEntriesThatDoNotFitOrRepeat()
    {
        Assert.Throws<ArgumentException>(() => new ParameterSet(new[] { new ParameterInfo("a", new[] { 7 }, 0) }, new AlignedBuffer(6)));
        Assert.Throws<ArgumentException>(() => new ParameterSet(
            new[] { new ParameterInfo("a", new[] { 2 }, 0), new ParameterInfo("a", new[] { 2 }, 2) }, new AlignedBuffer(6)));
        Assert.Throws<ArgumentException>(() => new ParameterSet(new[] { new ParameterInfo("a", new[] { -2 }, 0) }, new AlignedBuffer(6)));
    }

    [Fact]
    public void CopyToAnotherInstanceGivesItTheSameWeightsAndOutputs()
    {
        // One instance per thread: the copy must also refresh the engine's packed weights (the compiled step's too).
        var source = new Network(Engine.TestModels.LstmClassifier() with { Seed = 1 });
        var copy = new Network(Engine.TestModels.LstmClassifier() with { Seed = 2 });
        float[] input = Engine.TestModels.Inputs(6 * source.InputSize, 3);
        float[] expected = new float[source.OutputSize], actual = new float[source.OutputSize];
        source.Predict(input, expected);
        copy.Predict(input, actual);
        Assert.NotEqual(expected, actual);
        source.Parameters.CopyTo(copy.Parameters);
        copy.Predict(input, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(source.Parameters.AsSpan().ToArray(), copy.Parameters.AsSpan().ToArray());
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => source.Parameters.CopyTo(copy.Parameters)));
    }

    [Fact]
    public void CopyToAnotherModelThrowsListingTheDifferencesAndCopiesNothing()
    {
        var source = new Network(Engine.TestModels.LstmClassifier());
        var other = new Network(Engine.TestModels.LstmClassifier() with { Layers = [new RecurrentSpec("lstm", CellKind.Lstm, 8), new DenseSpec("out", 3)], Seed = 5 });
        float[] before = other.Parameters.AsSpan().ToArray();
        var error = Assert.Throws<ArgumentException>(() => source.Parameters.CopyTo(other.Parameters));
        Assert.Contains("'lstm.weight_ih_l0' is [28, 5] here but [32, 5] there", error.Message);
        Assert.Contains("'head.weight' is missing there", error.Message);
        Assert.Contains("'out.weight' is only in the destination", error.Message);
        Assert.Equal(before, other.Parameters.AsSpan().ToArray());
    }
}
