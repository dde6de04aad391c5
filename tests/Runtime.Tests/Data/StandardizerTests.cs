using System.Linq;
using ModelCompiler.Runtime.Data;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Data;

public sealed class StandardizerTests
{
    [Fact]
    public void Statistics_come_from_the_training_split_only()
    {
        // Training rows (2 features) then validation rows with very different values.
        float[] train = [1, 10, 3, 10, 5, 40];
        float[] validation = [100, 1000];

        Standardizer standardizer = Standardizer.Fit(train, features: 2);
        standardizer.Transform(validation);

        Assert.Equal(new float[] { 3, 20 }, standardizer.Mean.ToArray());
        float std0 = (float)System.Math.Sqrt(8.0 / 3), std1 = (float)System.Math.Sqrt(600.0 / 3);
        Assert.Equal(std0, standardizer.StandardDeviation[0], 5);
        Assert.Equal(std1, standardizer.StandardDeviation[1], 3);
        Assert.Equal((100 - 3) / std0, validation[0], 4);
        Assert.Equal((1000 - 20) / std1, validation[1], 4);
    }

    [Fact]
    public void Inverse_undoes_transform_and_a_constant_feature_keeps_std_one()
    {
        float[] rows = [1, 7, 2, 7, 6, 7];
        Standardizer standardizer = Standardizer.Fit(rows, 2);
        float[] copy = rows.ToArray();

        standardizer.Transform(copy);
        Assert.Equal(1f, standardizer.StandardDeviation[1]);
        Assert.Equal(0f, copy[1]);
        standardizer.InverseTransform(copy);

        for (int i = 0; i < rows.Length; i++) Assert.Equal(rows[i], copy[i], 5);
    }

    [Fact]
    public void Fitting_a_padded_dataset_ignores_the_padding()
    {
        SequenceDataset data = PaddedSequences.FromFloats([[[2f]], [[4f], [6f]]], maxSteps: 3, SequenceTargets.FromClasses([0, 1]));

        Standardizer standardizer = Standardizer.Fit(data);
        standardizer.Transform(data);

        Assert.Equal(4f, standardizer.Mean[0]);
        Assert.Equal(0f, data.Inputs![1]); // padding stays zero
        Assert.Equal(0f, data.Inputs[3], 5); // the real 4 becomes 0
    }

    [Fact]
    public void A_chronological_split_keeps_order_and_a_seeded_split_is_repeatable()
    {
        SequenceDataset data = TimeSeriesWindows.Create(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 1, window: 2);
        var (train, validation) = DatasetSplit.Chronological(data, 0.2);
        Assert.Equal(8, train.Count);
        Assert.Equal(2, validation.Count);
        Assert.Equal(new float[] { 10, 11 }, validation.Targets.Values);

        var (a, _) = DatasetSplit.Shuffled(data, 0.3, seed: 5);
        var (b, bValidation) = DatasetSplit.Shuffled(data, 0.3, seed: 5);
        var (c, _) = DatasetSplit.Shuffled(data, 0.3, seed: 6);
        Assert.Equal(a.Targets.Values, b.Targets.Values);
        Assert.NotEqual(a.Targets.Values, c.Targets.Values);
        Assert.Equal(data.Targets.Values!.OrderBy(v => v), b.Targets.Values!.Concat(bValidation.Targets.Values!).OrderBy(v => v));
    }
}
