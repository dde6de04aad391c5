using System;
using System.Reflection;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Engine;

/// <summary>
/// SPEC §8 for hyperparameters changed at run time: a value the attributes would reject at compile time (MC0018) is
/// rejected by its setter, naming the rule and the value, and the optimizer keeps its previous value, so the next
/// update cannot turn the parameters into NaN or infinity.
/// </summary>
public sealed class OptimizerSettingsTests
{
    public static TheoryData<string, float> BadValues => new()
    {
        { nameof(OptimizerSettings.LearningRate), float.NaN },
        { nameof(OptimizerSettings.LearningRate), float.PositiveInfinity },
        { nameof(OptimizerSettings.LearningRate), -1e-3f },
        { nameof(OptimizerSettings.Momentum), 1f },
        { nameof(OptimizerSettings.Momentum), float.NaN },
        { nameof(OptimizerSettings.Beta1), -0.1f },
        { nameof(OptimizerSettings.Beta2), 1f },
        { nameof(OptimizerSettings.Epsilon), 0f },
        { nameof(OptimizerSettings.Epsilon), float.PositiveInfinity },
        { nameof(OptimizerSettings.WeightDecay), float.NaN },
        { nameof(OptimizerSettings.WeightDecay), float.PositiveInfinity },
        { nameof(OptimizerSettings.WeightDecay), -1f },
        { nameof(OptimizerSettings.Alpha), 2f },
        { nameof(OptimizerSettings.ClipMax), 0f },
        { nameof(OptimizerSettings.ClipMax), float.NaN },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadHyperparameterIsRejectedAndTrainingGoesOn(string name, float value)
    {
        var network = new Network(TestModels.LstmClassifier());
        OptimizerSettings settings = network.Optimizer!;
        PropertyInfo property = typeof(OptimizerSettings).GetProperty(name)!;
        object before = property.GetValue(settings)!;
        var thrown = Assert.Throws<TargetInvocationException>(() => property.SetValue(settings, value));
        var error = Assert.IsType<ArgumentOutOfRangeException>(thrown.InnerException);
        Assert.Contains(name, error.Message);
        Assert.Contains(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Equal(before, property.GetValue(settings));

        float loss = network.TrainStep(TestModels.Inputs(4 * 30, seed: 1), TestModels.Classes(4, 3, seed: 2));
        Assert.True(float.IsFinite(loss));
        Assert.All(network.Parameters.AsSpan().ToArray(), p => Assert.True(float.IsFinite(p)));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 1e30f, 1e30f)]      // p − lr·(g + λp): λp ~ 1e29, times 1e30
    [InlineData(OptimizerKind.AdamW, 1e20f, 1e20f)]    // p·(1 − lr·λ) with lr·λ beyond float
    [InlineData(OptimizerKind.RmsProp, 1e38f, 0f)]     // lr · g/√v̂ with g/√v̂ ≈ 10 on the first step
    public void AnUpdateThatWouldOverflowIsRefusedAndChangesNothing(OptimizerKind kind, float learningRate, float weightDecay)
    {
        // Valid (finite) settings can still overflow; the update is checked first and refused whole, on every path.
        foreach (Simd.Isa isa in TestModels.SupportedIsas())
        {
            NetworkSpec spec = TestModels.LstmClassifier() with { Optimizer = new OptimizerSpec(kind, learningRate, WeightDecay: weightDecay), Clip = null };
            var network = new Network(spec) { Isa = isa };
            float[] inputs = TestModels.Inputs(4 * 30, seed: 1);
            int[] classes = TestModels.Classes(4, 3, seed: 2);
            network.ComputeGradients(inputs, classes);
            float[] before = network.Parameters.AsSpan().ToArray();
            var error = Assert.Throws<ArithmeticException>(() => network.TrainStep(inputs, classes));
            Assert.Contains("non-finite", error.Message);
            Assert.Equal(before, network.Parameters.AsSpan().ToArray());
            Assert.Equal(0, network.Optimizer!.StepCount);

            // A sane rate afterwards trains from the untouched state.
            network.Optimizer.LearningRate = 1e-3f;
            network.Optimizer.WeightDecay = 0f;
            Assert.True(float.IsFinite(network.TrainStep(inputs, classes)));
            Assert.All(network.Parameters.AsSpan().ToArray(), p => Assert.True(float.IsFinite(p)));
        }
    }

    [Fact]
    public void AScheduleMayTakeTheLearningRateToZero()
    {
        var network = new Network(TestModels.LstmClassifier());
        float[] before = network.Parameters.AsSpan().ToArray();
        network.Optimizer!.LearningRate = 0f;
        network.TrainStep(TestModels.Inputs(4 * 30, seed: 1), TestModels.Classes(4, 3, seed: 2));
        Assert.Equal(before, network.Parameters.AsSpan().ToArray());
    }
}
