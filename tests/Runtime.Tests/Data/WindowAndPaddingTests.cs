using ModelCompiler.Runtime.Data;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Data;

public sealed class WindowAndPaddingTests
{
    private static readonly float[] Series = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Windows_hold_consecutive_rows_and_the_next_h_values()
    {
        SequenceDataset data = TimeSeriesWindows.Create(Series, features: 1, window: 3, horizon: 2, stride: 2);

        Assert.Equal(3, data.Count);
        Assert.Equal(3, data.Steps);
        Assert.Equal(new float[] { 0, 1, 2, 2, 3, 4, 4, 5, 6 }, data.Inputs);
        Assert.Equal(2, data.Targets.PerSequence);
        Assert.Equal(new float[] { 3, 4, 5, 6, 7, 8 }, data.Targets.Values);
    }

    [Fact]
    public void Windows_can_target_only_the_value_at_the_horizon()
    {
        SequenceDataset data = TimeSeriesWindows.Create(Series, 1, window: 3, horizon: 2, stride: 2, targets: WindowTargets.ValueAtHorizon);

        Assert.Equal(new float[] { 4, 6, 8 }, data.Targets.Values);
    }

    [Fact]
    public void Windows_over_several_features_target_the_chosen_feature()
    {
        float[] rows = [0, 10, 1, 11, 2, 12, 3, 13];
        SequenceDataset data = TimeSeriesWindows.Create(rows, features: 2, window: 2, horizon: 1, targetFeature: 1);

        Assert.Equal(2, data.Count);
        Assert.Equal(new float[] { 0, 10, 1, 11, 1, 11, 2, 12 }, data.Inputs);
        Assert.Equal(new float[] { 12, 13 }, data.Targets.Values);
    }

    [Fact]
    public void Padding_puts_each_sequence_first_in_a_MaxSteps_row_with_its_length()
    {
        float[][][] sequences =
        [
            [[1, 2], [3, 4]],
            [[5, 6], [7, 8], [9, 10]],
        ];
        SequenceTargets targets = PaddedSequences.ClassesPerStep([[1, 2], [3, 4, 5]], maxSteps: 4);
        SequenceDataset data = PaddedSequences.FromFloats(sequences, maxSteps: 4, targets);

        Assert.Equal(new[] { 2, 3 }, data.Lengths);
        Assert.Equal(new float[] { 1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8, 9, 10, 0, 0 }, data.Inputs);
        Assert.Equal(new[] { 1, 2, 0, 0, 3, 4, 5, 0 }, data.Targets.Classes);
        Assert.Equal(4, data.Targets.PerSequence);
    }

    [Fact]
    public void A_minibatch_copies_the_chosen_rows_in_the_network_layout()
    {
        SequenceDataset data = PaddedSequences.FromTokens([[4], [5, 6, 7], [8, 9]], maxSteps: 3, SequenceTargets.FromClasses([0, 1, 2]));
        var batch = new MiniBatch(data, capacity: 4);

        batch.Fill(data, [2, 0]);

        Assert.Equal(2, batch.Count);
        Assert.Equal(new[] { 8, 9, 0, 4, 0, 0 }, batch.Tokens.ToArray());
        Assert.Equal(new[] { 2, 1 }, batch.Lengths.ToArray());
        Assert.Equal(new[] { 2, 0 }, batch.Classes.ToArray());
        Assert.True(batch.Inputs.IsEmpty);
    }

    [Fact]
    public void A_sequence_longer_than_MaxSteps_is_rejected()
    {
        Assert.Throws<System.ArgumentException>(() => PaddedSequences.FromTokens([[1, 2, 3]], maxSteps: 2, SequenceTargets.FromClasses([0])));
    }
}
