using System.Collections.Generic;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>What the reference computes for one batch: the loss before each optimizer step and the final parameters.</summary>
public sealed record OracleTraining(double[] Losses, IReadOnlyDictionary<string, double[]> Parameters);
