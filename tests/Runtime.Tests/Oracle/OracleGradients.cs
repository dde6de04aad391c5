using System.Collections.Generic;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>The reference loss of one batch and the gradient of every parameter, by PyTorch name.</summary>
public sealed record OracleGradients(double Loss, IReadOnlyDictionary<string, double[]> Gradients);
