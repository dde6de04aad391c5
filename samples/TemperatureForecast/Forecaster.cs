using ModelCompiler;

namespace TemperatureForecast;

/// <summary>Next-hour temperature from the last 24 hours (standardized °F, one feature per hour).</summary>
[Model(Steps = 24, Batch = 32, Seed = 1)]
[Input(1)]
[Lstm(32, Name = "lstm")]
[Dense(1, Name = "head")]
[Loss(LossKind.Mse)]
[Adam(LearningRate = 5e-3f)]
[ClipGradNorm(1f)]
public partial class Forecaster;
