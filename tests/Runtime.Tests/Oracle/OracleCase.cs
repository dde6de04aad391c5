using System;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>One engine-versus-PyTorch scenario: a spec, the minibatch size, optional lengths, a data seed, and the engine's cores.</summary>
public sealed record OracleCase(string Name, NetworkSpec Spec, int Batch, int[]? Lengths, int DataSeed, int Cores = 1)
{
    public override string ToString() => Name;

    /// <summary>Inputs in [-1, 1] (tokens anywhere in the vocabulary), padding left as garbage to prove it is ignored.</summary>
    public OracleBatch RandomBatch(int outputSize, bool sequenceOutput)
    {
        NetworkSpec spec = Spec;
        var random = new Random(DataSeed);
        int b = Batch, steps = spec.Steps;
        float Uniform(double low, double high) => (float)(low + (high - low) * random.NextDouble());
        int[]? tokens = null;
        float[]? features = null;
        if (spec.Layers[0] is EmbeddingSpec embedding)
        {
            tokens = new int[b * steps];
            for (int i = 0; i < tokens.Length; i++) tokens[i] = random.Next(embedding.Vocab);
        }
        else
        {
            features = new float[b * steps * spec.InputSize];
            for (int i = 0; i < features.Length; i++) features[i] = Uniform(-1, 1);
        }
        int positions = b * (sequenceOutput ? steps : 1);
        int[]? classes = null;
        float[]? floats = null;
        if (spec.Loss!.Kind == LossKind.CrossEntropy)
        {
            classes = new int[positions];
            for (int i = 0; i < classes.Length; i++) classes[i] = random.Next(outputSize);
        }
        else
        {
            floats = new float[positions * outputSize];
            bool probabilities = spec.Loss.Kind == LossKind.BinaryCrossEntropy;
            for (int i = 0; i < floats.Length; i++) floats[i] = probabilities ? Uniform(0, 1) : Uniform(-1, 1);
        }
        return new OracleBatch(b, features, tokens, Lengths, classes, floats);
    }
}
