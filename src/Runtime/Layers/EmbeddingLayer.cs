using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// <c>nn.Embedding(vocab, dim)</c>: row <c>token</c> of <c>{name}.weight [vocab, dim]</c> for every step. Reads the
/// tokens the network staged time-major in <see cref="Tokens"/>; its <see cref="Layer.Input"/> is a placeholder.
/// </summary>
internal sealed class EmbeddingLayer : Layer
{
    private readonly EmbeddingSpec _spec;
    private readonly ActivationTensor _output;
    private TensorView _weight, _gradWeight;

    public EmbeddingLayer(EmbeddingSpec spec, ActivationTensor placeholder, int maxSteps, int maxBatch)
        : base(spec.Name, placeholder)
    {
        _spec = spec;
        _output = new ActivationTensor(FeatureLayout.Plain(spec.Dim), isSequence: true, maxSteps, maxBatch);
        Tokens = new int[maxSteps * maxBatch];
        NeedsInputGradient = false;
    }

    public override ActivationTensor Output => _output;

    /// <summary>Rows of the table: valid tokens are 0 … Vocabulary − 1.</summary>
    public int Vocabulary => _spec.Vocab;

    /// <summary>Tokens, <c>[step][batch]</c>, already validated against the vocabulary.</summary>
    public int[] Tokens { get; }

    public override IEnumerable<ParameterDeclaration> DeclareParameters()
    {
        yield return new ParameterDeclaration(Name + ".weight", [_spec.Vocab, _spec.Dim], InitKind.Normal, 1f, _spec.Weights);
    }

    public override void Bind(ParameterBinder binder)
    {
        _weight = binder.Parameter(Name + ".weight");
        _gradWeight = binder.Gradient(Name + ".weight");
    }

    /// <summary>The table, for a generated streaming kernel.</summary>
    public Streaming.EmbeddingStreamOperands StreamOperands() => new(_spec.Vocab, _spec.Dim, _weight.Buffer, _weight.Offset);

    public override void Forward<TIsa, TVec>(in RunContext run)
    {
        int rows = run.Steps * run.Batch, dim = _spec.Dim;
        FeatureLayout layout = _output.Layout;
        Span<float> output = _output.ValuesFor(run);
        ReadOnlySpan<float> weight = _weight.Span;
        for (int row = 0; row < rows; row++)
        {
            layout.Scatter(weight.Slice(Tokens[row] * dim, dim), output.Slice(row * layout.Padded, layout.Padded));
        }
    }

    /// <summary>Whether the table learns; a frozen one is never written a gradient (see <see cref="EmbeddingSpec.Trainable"/>).</summary>
    public override bool Trainable => _spec.Trainable;

    public override void Backward<TIsa, TVec>(in RunContext run)
    {
        if (!_spec.Trainable) return;
        // Scatter-add in a fixed row order, so repeated tokens sum the same way on every path.
        int rows = run.Steps * run.Batch, dim = _spec.Dim;
        int padded = _output.Layout.Padded;
        Span<float> gradient = _gradWeight.Span;
        gradient.Clear();
        ReadOnlySpan<float> dOutput = _output.GradientsFor(run);
        for (int row = 0; row < rows; row++)
        {
            Span<float> target = gradient.Slice(Tokens[row] * dim, dim);
            ReadOnlySpan<float> source = dOutput.Slice(row * padded, dim);
            for (int i = 0; i < dim; i++) target[i] += source[i];
        }
    }
}
