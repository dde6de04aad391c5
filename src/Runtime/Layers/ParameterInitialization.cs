using System;
using ModelCompiler.Runtime.Training;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// Draws a parameter's initial values by its scheme (<see cref="Initializer"/>), from the model's seeded generator. For a
/// weight of PyTorch shape [out, in], fan_in = in and fan_out = out, as <c>torch.nn.init</c> computes them.
/// </summary>
internal static class ParameterInitialization
{
    public static void Fill(ParameterDeclaration declaration, Span<float> values, DeterministicRandom random)
    {
        int[] shape = declaration.Shape;
        int fanOut = shape[0], fanIn = shape.Length > 1 ? shape[1] : 1;
        switch (declaration.Scheme)
        {
            case Initializer.Default:
                // The draws of every earlier version: a model's default initialization stays what its seed gave before.
                for (int j = 0; j < values.Length; j++)
                    values[j] = declaration.Init == InitKind.Normal ? random.NextGaussian() : random.NextUniform(declaration.Bound);
                break;
            case Initializer.XavierUniform:
                Uniform(values, MathF.Sqrt(6f / (fanIn + fanOut)), random);
                break;
            case Initializer.XavierNormal:
                Normal(values, MathF.Sqrt(2f / (fanIn + fanOut)), random);
                break;
            case Initializer.KaimingUniform:
                Uniform(values, MathF.Sqrt(6f / fanIn), random);
                break;
            case Initializer.KaimingNormal:
                Normal(values, MathF.Sqrt(2f / fanIn), random);
                break;
            case Initializer.Orthogonal:
                OrthogonalMatrix.Fill(values, fanOut, fanIn, random);
                break;
            case Initializer.Zeros:
                values.Clear();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(declaration), declaration.Scheme, $"Parameter '{declaration.Name}': no initializer {declaration.Scheme}.");
        }
        if (declaration.Fill is { } fill) values.Slice(fill.Start, fill.Length).Fill(fill.Value);
    }

    private static void Uniform(Span<float> values, float bound, DeterministicRandom random)
    {
        for (int j = 0; j < values.Length; j++) values[j] = random.NextUniform(bound);
    }

    private static void Normal(Span<float> values, float deviation, DeterministicRandom random)
    {
        for (int j = 0; j < values.Length; j++) values[j] = deviation * random.NextGaussian();
    }
}
