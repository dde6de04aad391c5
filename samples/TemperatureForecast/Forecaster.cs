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
public partial class NextHourForecaster;

/// <summary>
/// The next 24 hours at once from the last 48 hours (temperature and its change since the day before, per hour):
/// a stacked LSTM and a 24-output head.
/// </summary>
[Model(Steps = 48, Batch = 64, Seed = 2)]
[Input(2)]
[Lstm(48, Layers = 2, Name = "lstm")]
[Dense(24, Name = "head")]
[Loss(LossKind.Mse)]
[Adam(LearningRate = 3e-3f)]
[ClipGradNorm(1f)]
public partial class NextDayForecaster;
