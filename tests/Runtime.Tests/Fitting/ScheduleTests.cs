using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Runtime.Fitting;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Fitting;

public sealed class ScheduleTests
{
    [Fact]
    public void Step_decay_multiplies_by_gamma_every_step_size_epochs()
    {
        var schedule = new StepDecaySchedule(stepSize: 2, gamma: 0.5);

        float[] rates = Enumerable.Range(0, 5).Select(e => schedule.LearningRateFor(e, 1f)).ToArray();

        Assert.Equal(new[] { 1f, 1f, 0.5f, 0.5f, 0.25f }, rates);
    }

    [Fact]
    public void Cosine_goes_from_the_base_rate_to_the_minimum_and_stays()
    {
        var schedule = new CosineSchedule(epochs: 4, minLearningRate: 0.1f);

        float[] rates = Enumerable.Range(0, 6).Select(e => schedule.LearningRateFor(e, 1f)).ToArray();

        float[] expected = [1f, 0.8681981f, 0.55f, 0.2318019f, 0.1f, 0.1f];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], rates[i], 6);
    }

    [Fact]
    public void Reduce_on_plateau_cuts_the_rate_after_patience_bad_epochs()
    {
        var schedule = new ReduceOnPlateauSchedule(factor: 0.5, patience: 1, minLearningRate: 0.3f);
        var rates = new List<float>();
        foreach (double loss in new[] { 1.0, 0.9, 0.95, 0.95, 0.8, 0.85, 0.85 })
        {
            schedule.Observe(loss, higherIsBetter: false);
            rates.Add(schedule.LearningRateFor(0, 1f));
        }

        // Two epochs without improvement (more than patience 1) halve the rate; the minimum stops it at 0.3.
        Assert.Equal(new[] { 1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.3f }, rates);
    }

    [Fact]
    public void Reduce_on_plateau_state_survives_a_write_and_read()
    {
        var schedule = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0);
        schedule.Observe(1, false);
        schedule.Observe(2, false);
        var state = new Dictionary<string, string>();
        schedule.WriteState(state);

        var restored = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0);
        restored.ReadState(state);
        restored.Observe(3, false);
        schedule.Observe(3, false);

        Assert.Equal(0.25, restored.Scale);
        Assert.Equal(schedule.Scale, restored.Scale);
    }

    [Fact]
    public void The_trainer_applies_the_schedule_through_the_optimizer()
    {
        Network network = FittingData.Classifier();
        var trainer = new Trainer(network, FittingData.Quiet(3) with { Schedule = new StepDecaySchedule(1, 0.5) });

        TrainingHistory history = trainer.Fit(FittingData.Sequences(16, 1));

        Assert.Equal(new[] { 1e-2f, 5e-3f, 2.5e-3f }, history.Epochs.Select(e => e.LearningRate));
        Assert.Equal(2.5e-3f, network.Optimizer!.LearningRate);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-1f)]
    [InlineData(float.PositiveInfinity)]
    public void Reduce_on_plateau_rejects_a_minimum_rate_that_is_not_a_rate(float minimum)
    {
        var error = Assert.Throws<System.ArgumentOutOfRangeException>(() => new ReduceOnPlateauSchedule(minLearningRate: minimum));
        Assert.Equal("minLearningRate", error.ParamName);
    }

    [Fact]
    public void Reset_forgets_the_reductions()
    {
        var schedule = new ReduceOnPlateauSchedule(factor: 0.5, patience: 0);
        schedule.Observe(1.0, higherIsBetter: false);
        schedule.Observe(2.0, higherIsBetter: false);
        Assert.Equal(0.5, schedule.Scale);
        schedule.Reset();
        Assert.Equal(1.0, schedule.Scale);
        schedule.Observe(3.0, higherIsBetter: false); // a new first epoch sets the best, as at the start of a run
        Assert.Equal(1.0, schedule.Scale);
    }
}
