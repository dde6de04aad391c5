using System;
using System.Collections.Generic;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// One layer of a network: reads <see cref="Input"/>, writes <see cref="Output"/>, owns its parameters (views into
/// the network's parameter and gradient storage, PyTorch layout) and whatever internal copies or caches it needs.
/// All buffers are allocated in the constructor or in <see cref="Bind"/>; running allocates nothing.
/// </summary>
internal abstract class Layer
{
    protected Layer(string name, ActivationTensor input)
    {
        Name = name;
        Input = input;
    }

    public string Name { get; }

    public ActivationTensor Input { get; }

    public abstract ActivationTensor Output { get; }

    /// <summary>Whether backward must produce the gradient of <see cref="Input"/> (false for the first layer on float input).</summary>
    public bool NeedsInputGradient { get; set; } = true;

    /// <summary>
    /// The same for a run that takes the gradient on to the initial states (<see cref="RunContext.StateGradients"/>, a
    /// decoder trained with its encoder): true after any recurrent layer, whose initial state needs it, learning or not.
    /// </summary>
    public bool NeedsInputGradientForStates { get; set; } = true;

    /// <summary>Whether this run's backward must produce the gradient of <see cref="Input"/>.</summary>
    protected bool InputGradientWanted(in RunContext run) => run.StateGradients ? NeedsInputGradientForStates : NeedsInputGradient;

    /// <summary>
    /// Whether training changes this layer's parameters (its spec's <c>Trainable</c>, PyTorch's <c>requires_grad</c>): a
    /// frozen layer's gradients are zero and no update touches it, while gradients still flow through it.
    /// </summary>
    public virtual bool Trainable => true;

    /// <summary>Parameters in PyTorch state-dict order.</summary>
    public virtual IEnumerable<ParameterDeclaration> DeclareParameters() => [];

    /// <summary>Takes the views of this layer's parameters and gradients.</summary>
    public virtual void Bind(ParameterBinder binder) { }

    /// <summary>Refreshes internal weight copies from the PyTorch-layout parameters (after init, load or update).</summary>
    public virtual void Pack() { }

    /// <summary>Computes <see cref="Output"/> from <see cref="Input"/>.</summary>
    public abstract void Forward<TIsa, TVec>(in RunContext run)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct;

    /// <summary>
    /// From the gradient of <see cref="Output"/>, overwrites this layer's parameter gradients (a frozen layer leaves them
    /// alone) and, when <see cref="InputGradientWanted"/>, adds the gradient of <see cref="Input"/> into its gradient buffer.
    /// </summary>
    public abstract void Backward<TIsa, TVec>(in RunContext run)
        where TIsa : struct, ISimd<TVec>
        where TVec : struct;

    /// <summary>
    /// One streaming step: row 0 of <see cref="Output"/> from row 0 of <see cref="Input"/>, recurrent state kept.
    /// The default runs <see cref="Forward{TIsa, TVec}"/> on a one-step, one-sequence context; layers on the
    /// latency-critical path override it with a lean version that gives the same bits.
    /// </summary>
    public virtual void StreamStep<TIsa, TVec>()
        where TIsa : struct, ISimd<TVec>
        where TVec : struct
    {
        ReadOnlySpan<int> oneStep = [1];
        Forward<TIsa, TVec>(new RunContext(1, 1, oneStep, training: false));
    }

    /// <summary>Clears any state kept between streaming steps.</summary>
    public virtual void ResetState() { }
}
