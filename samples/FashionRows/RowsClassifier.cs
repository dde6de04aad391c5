using ModelCompiler;

namespace FashionRows;

/// <summary>SPEC §1's example: each 28×28 image read as 28 steps of 28 pixels, an LSTM, a 10-class head.</summary>
[Model(Steps = 28, Batch = 64, Seed = 42)]
[Input(28)]
[Lstm(128, Name = "lstm")]
[Dense(10, Name = "head")]
[Loss(LossKind.CrossEntropy)]
[Adam(LearningRate = 1e-3f)]
[ClipGradNorm(5f)]
public partial class RowsClassifier;
