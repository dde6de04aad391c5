using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelCompiler.Runtime;

// Argument checks of the public calls: every message names what was expected and what was given.
public sealed partial class Network
{
    /// <summary>
    /// Every enum in <paramref name="spec"/> names a member: a value cast from another integer would otherwise fall into
    /// some default branch and run with a meaning nobody declared (the generator reports it as MC0023).
    /// </summary>
    private static void RequireDefinedKinds(NetworkSpec spec)
    {
        foreach (LayerSpec layer in spec.Layers)
        {
            switch (layer)
            {
                case RecurrentSpec recurrent:
                    RequireDefined(recurrent.Cell, $"layer '{layer.Name}' Cell");
                    RequireDefined(recurrent.Activation, $"layer '{layer.Name}' Activation");
                    RequireDefined(recurrent.InputWeights, $"layer '{layer.Name}' InputWeights");
                    RequireDefined(recurrent.RecurrentWeights, $"layer '{layer.Name}' RecurrentWeights");
                    RequireBiasInitializer(recurrent.Biases, layer.Name);
                    if (recurrent.ForgetBias is { } forget && (recurrent.Cell != CellKind.Lstm || !float.IsFinite(forget)))
                        throw new ArgumentException($"layer '{layer.Name}' ForgetBias must be a finite number on an Lstm layer, but it is {forget} on a {recurrent.Cell} layer.", "spec");
                    break;
                case DenseSpec dense:
                    RequireDefined(dense.Activation, $"layer '{layer.Name}' Activation");
                    RequireDefined(dense.Weights, $"layer '{layer.Name}' Weights");
                    RequireBiasInitializer(dense.Biases, layer.Name);
                    break;
                case EmbeddingSpec embedding:
                    RequireDefined(embedding.Weights, $"layer '{layer.Name}' Weights");
                    break;
            }
        }
        if (spec.Loss is { } loss) RequireDefined(loss.Kind, "Loss.Kind");
        if (spec.Optimizer is { } optimizer) RequireDefined(optimizer.Kind, "Optimizer.Kind");
        if (spec.Clip is { } clip) RequireDefined(clip.Kind, "Clip.Kind");
    }

    /// <summary>Biases are vectors: only PyTorch's default or zeros (the other schemes need a matrix's fans or shape; MC0028).</summary>
    private static void RequireBiasInitializer(Initializer biases, string layer)
    {
        RequireDefined(biases, $"layer '{layer}' Biases");
        if (biases is not (Initializer.Default or Initializer.Zeros))
            throw new ArgumentException($"layer '{layer}' Biases must be Initializer.Default or Initializer.Zeros, but it is {biases}.", "spec");
    }

    private static void RequireDefined<TEnum>(TEnum value, string what)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentException($"{what} is ({typeof(TEnum).Name}){Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)}, which is not a defined {typeof(TEnum).Name}: use one of {string.Join(", ", Enum.GetNames<TEnum>())}.", "spec");
    }

    /// <summary>Steps in a batch-of-one input of <paramref name="length"/> values.</summary>
    private int StepsOfSingle(int length, string name)
    {
        if (!Spec.VariableLength)
        {
            RequireProduct(length, Spec.Steps, "steps", InputSize, name);
            return Spec.Steps;
        }
        if (length == 0 || length % InputSize != 0 || length > Spec.Steps * InputSize)
        {
            // A token model reads one value per step: its message need not multiply by one.
            string expected = InputSize == 1
                ? $"1 to {Spec.Steps} values (one per step)"
                : $"1 to {Spec.Steps} steps × {InputSize} values (a multiple of {InputSize}, at most {Spec.Steps * InputSize})";
            throw new ArgumentException($"{name} must hold {expected}, but it holds {length}.", name);
        }
        return length / InputSize;
    }

    /// <summary>Sequences in a minibatch of <paramref name="length"/> values (each sequence Steps × InputSize).</summary>
    private int BatchOf(int length, string name)
    {
        int perSequence = Spec.Steps * InputSize;
        if (length == 0 || length % perSequence != 0)
            throw new ArgumentException(InputSize == 1 && TokenInput
                ? $"{name} must hold batch × {Spec.Steps} tokens (one per step), but it holds {length}."
                : $"{name} must hold batch × {Spec.Steps} steps × {InputSize} values ({perSequence} per sequence), but it holds {length}.", name);
        int batch = length / perSequence;
        if (batch > Spec.BatchSize)
            throw new ArgumentException($"{name} holds {batch} sequences, but the model was built for at most BatchSize = {Spec.BatchSize}.", name);
        return batch;
    }

    /// <summary>
    /// Fills the working lengths for <paramref name="batch"/> sequences and returns the longest; only a variable-length
    /// (MaxSteps) model takes lengths, as only its PyTorch module does. <paramref name="lengthsName"/> is the argument
    /// the messages name.
    /// </summary>
    private int PrepareLengths(ReadOnlySpan<int> lengths, int batch, string lengthsName = "lengths")
    {
        if (lengths.IsEmpty)
        {
            _fullLengths.AsSpan(0, batch).CopyTo(_lengths);
            return Spec.Steps;
        }
        if (!Spec.VariableLength)
            throw new ArgumentException($"This model is declared with Steps = {Spec.Steps} (every sequence that long): it takes no {lengthsName}; declare MaxSteps for variable lengths.", lengthsName);
        if (lengths.Length != batch)
            throw new ArgumentException($"{lengthsName} must hold one length per sequence ({batch}), but it holds {lengths.Length}.", lengthsName);
        int longest = 0;
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            if (length < 1 || length > Spec.Steps)
                throw new ArgumentOutOfRangeException(lengthsName, $"{lengthsName}[{b}] must be between 1 and {Spec.Steps}, but it is {length}.");
            _lengths[b] = length;
            longest = Math.Max(longest, length);
        }
        return longest;
    }

    /// <summary>One sequence's outputs: a value per unit of every step for sequence outputs, else OutputSize values.</summary>
    private void RequireOutput(int actual, int steps, string name)
    {
        if (SequenceOutput) RequireProduct(actual, steps, "steps", OutputSize, name);
        else RequireOutputSize(actual, name);
    }

    /// <summary>One step's or one sequence's outputs: OutputSize values (inlined like <see cref="RequireProduct"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RequireOutputSize(int actual, string name)
    {
        if (actual != OutputSize) ThrowOutputSize(actual, OutputSize, name);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutputSize(int actual, int outputSize, string name) =>
        throw new ArgumentException($"{name} must hold OutputSize = {outputSize} value{(outputSize == 1 ? "" : "s")}, but it holds {actual}.", name);

    /// <summary>
    /// Checks that <paramref name="actual"/> = <paramref name="count"/> × <paramref name="each"/>. Inlined, with the
    /// message built in a separate method only on failure: a streaming step is a few dozen nanoseconds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RequireProduct(int actual, int count, string unit, int each, string name)
    {
        if (actual != count * each) ThrowProduct(actual, count, unit, each, name);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowProduct(int actual, int count, string unit, int each, string name) =>
        throw new ArgumentException(each == 1
            ? $"{name} must hold {count} value{(count == 1 ? "" : "s")} (one per {Singular(unit)}), but it holds {actual}."
            : $"{name} must hold {count} {(count == 1 ? Singular(unit) : unit)} × {each} = {count * each} values, but it holds {actual}.", name);

    /// <summary>"steps" → "step", "sequences" → "sequence" (the units the checks name).</summary>
    private static string Singular(string unit) => unit.EndsWith('s') ? unit[..^1] : unit;

    /// <summary>
    /// Finite values in every sequence's real steps (<paramref name="perStep"/> values a step): padding is staged as
    /// zeros and never read, so whatever fills it is accepted, as out-of-range tokens and classes are there.
    /// </summary>
    private void RequireFiniteRealSteps(ReadOnlySpan<float> values, int batch, int perStep, string name)
    {
        int perSequence = values.Length / batch;
        for (int b = 0; b < batch; b++)
            RequireFinite(values.Slice(b * perSequence, Math.Min(perSequence, _lengths[b] * perStep)), name, b * perSequence);
    }

    /// <summary>Every value finite, or an exception naming the first that is not by its index.</summary>
    /// <param name="values">The values to check.</param>
    /// <param name="name">The argument they came in.</param>
    /// <param name="offset">Where <paramref name="values"/> starts in the caller's span (for the index in the message).</param>
    private static void RequireFinite(ReadOnlySpan<float> values, string name, int offset = 0)
    {
        // Four at a time by their exponent bits (all ones: ∞ or NaN), every training step's whole input; the first
        // group that has one is searched element by element for the message.
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(values);
        Vector128<int> exponent = Vector128.Create(0x7F800000);
        int i = 0;
        while (i + 4 <= bits.Length && !Vector128.EqualsAny(Vector128.Create(bits.Slice(i, 4)) & exponent, exponent)) i += 4;
        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"{name}[{offset + i}] must be a finite number, but it is {values[i]}.", name);
        }
    }

    /// <summary>Initial states (finite) and final states of <paramref name="batch"/> sequences, each empty or <see cref="StateSize"/> per sequence.</summary>
    private void RequireStates(ReadOnlySpan<float> initialStates, Span<float> finalStates, int batch)
    {
        if (StateSize == 0 && !(initialStates.IsEmpty && finalStates.IsEmpty))
            throw new ArgumentException("This model has no recurrent layer, so no state to start from or report: pass empty initialStates and finalStates.",
                initialStates.IsEmpty ? nameof(finalStates) : nameof(initialStates));
        if (!initialStates.IsEmpty)
        {
            RequireProduct(initialStates.Length, batch, "sequences", StateSize, nameof(initialStates));
            RequireFinite(initialStates, nameof(initialStates));
        }
        if (!finalStates.IsEmpty) RequireProduct(finalStates.Length, batch, "sequences", StateSize, nameof(finalStates));
    }

    private void RequireTokens(ReadOnlySpan<int> tokens, int batch, int stepStride, int steps, string name)
    {
        int vocabulary = ((EmbeddingSpec)Spec.Layers[0]).Vocab;
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < Math.Min(steps, _lengths[b]); t++)
            {
                int token = tokens[b * stepStride + t];
                if ((uint)token >= (uint)vocabulary)
                    throw new ArgumentOutOfRangeException(name, $"{name}[{b * stepStride + t}] must be a token in 0..{vocabulary - 1}, but it is {token}.");
            }
        }
    }

    private void RequireTokenModel(bool tokens)
    {
        if (tokens != TokenInput)
            throw new InvalidOperationException(TokenInput
                ? "This model reads tokens (its first layer is an Embedding): pass ReadOnlySpan<int>."
                : "This model reads float features: pass ReadOnlySpan<float>.");
    }

    private void RequireTraining()
    {
        if (Spec.Loss is null) throw new InvalidOperationException("This model has no [Loss]: it is inference-only.");
    }

    private void RequireClassTargets(ReadOnlySpan<int> targets, int batch)
    {
        if (Spec.Loss!.Kind != LossKind.CrossEntropy)
            throw new InvalidOperationException($"{Spec.Loss.Kind} takes float targets; class indices are for CrossEntropy.");
        int perSequence = SequenceOutput ? Spec.Steps : 1;
        RequireProduct(targets.Length, batch, "sequences", perSequence, nameof(targets));
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < (SequenceOutput ? _lengths[b] : 1); t++)
            {
                int target = targets[b * perSequence + t];
                if ((uint)target >= (uint)OutputSize)
                    throw new ArgumentOutOfRangeException(nameof(targets), $"targets[{b * perSequence + t}] must be a class in 0..{OutputSize - 1}, but it is {target}.");
            }
        }
    }

    private void RequireValueTargets(ReadOnlySpan<float> targets, int batch)
    {
        if (Spec.Loss!.Kind == LossKind.CrossEntropy)
            throw new InvalidOperationException("CrossEntropy takes class indices (ReadOnlySpan<int>) as targets.");
        int perSequence = (SequenceOutput ? Spec.Steps : 1) * OutputSize;
        RequireProduct(targets.Length, batch, "sequences", perSequence, nameof(targets));
        if (SequenceOutput) RequireFiniteRealSteps(targets, batch, OutputSize, nameof(targets));
        else RequireFinite(targets, nameof(targets));
    }
}
