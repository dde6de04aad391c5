using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelCompiler.Runtime.Simd;
using ModelCompiler.Runtime.Tests.Engine;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// <see cref="EncoderDecoder"/> against libtorch (float64): the loss and both models' gradients are those of PyTorch's
/// <c>loss(decoder(y, encoder(x)[1]))</c> with autograd through the states, and <c>TrainStep</c> is one optimizer over
/// both modules' parameters after one <c>clip_grad_norm_</c>/<c>clip_grad_value_</c> over all of them.
/// </summary>
public class EncoderDecoderTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (Isa isa in new[] { Isa.Avx512, Isa.Avx2, Isa.Portable })
        {
            foreach (string pair in new[] { "tokens-bidirectional-lstm-to-stacked-lstm", "gru-variable-lengths-mse", "rnn-many-to-one-mae", "encoder-head-outside-the-graph", "frozen-decoder-under-a-learning-head" })
                yield return new object[] { pair, isa };
        }
    }

    /// <summary>An encoder and a decoder with equal state shapes, and how many sequences a test batch holds.</summary>
    private static (NetworkSpec Encoder, NetworkSpec Decoder) Pair(string name) => name switch
    {
        "tokens-bidirectional-lstm-to-stacked-lstm" => (
            new NetworkSpec(1, 5, false, 9, 51, [new EmbeddingSpec("source", 11, 4), new RecurrentSpec("encoder", CellKind.Lstm, 6, Bidirectional: true)]),
            new NetworkSpec(1, 4, false, 9, 52,
                [new EmbeddingSpec("target", 9, 3), new RecurrentSpec("decoder", CellKind.Lstm, 6, Layers: 2, ReturnSequences: true), new DenseSpec("out", 9)],
                new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Adam, 0.01f), new ClipSpec(ClipKind.Norm, 0.05f))),
        "gru-variable-lengths-mse" => (
            new NetworkSpec(2, 6, true, 9, 53, [new RecurrentSpec("encoder", CellKind.Gru, 5, Layers: 2, ReturnSequences: true)]),
            new NetworkSpec(3, 4, true, 9, 54,
                [new RecurrentSpec("decoder", CellKind.Gru, 5, Layers: 2, ReturnSequences: true), new DenseSpec("out", 2, Activation.Tanh)],
                new LossSpec(LossKind.Mse), new OptimizerSpec(OptimizerKind.Sgd, 0.1f, Momentum: 0.9f), new ClipSpec(ClipKind.Value, 0.05f))),
        // The encoder's Dense head is not on the way to its states: no gradient in PyTorch, so its optimizer (with weight
        // decay here) leaves it alone.
        "encoder-head-outside-the-graph" => (
            new NetworkSpec(2, 3, false, 9, 57, [new RecurrentSpec("encoder", CellKind.Gru, 4), new DenseSpec("head", 3)]),
            new NetworkSpec(2, 3, false, 9, 58,
                [new RecurrentSpec("decoder", CellKind.Gru, 4, ReturnSequences: true), new DenseSpec("out", 2)],
                new LossSpec(LossKind.Mse), new OptimizerSpec(OptimizerKind.Adam, 0.01f, WeightDecay: 0.01f))),
        // A pretrained decoder kept frozen (embedding and both LSTM layers) under a learning head, and a frozen first layer
        // of the encoder: the gradient still flows through the frozen layers to the encoder's states and its recurrent layer.
        "frozen-decoder-under-a-learning-head" => (
            new NetworkSpec(3, 4, false, 9, 59, [new DenseSpec("embed", 4, Activation.Tanh, Trainable: false), new RecurrentSpec("encoder", CellKind.Lstm, 5, Layers: 2)]),
            new NetworkSpec(1, 4, false, 9, 60,
                [new EmbeddingSpec("target", 9, 3, Trainable: false), new RecurrentSpec("decoder", CellKind.Lstm, 5, Layers: 2, ReturnSequences: true, Trainable: false), new DenseSpec("out", 9)],
                new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.AdamW, 0.01f), new ClipSpec(ClipKind.Norm, 0.05f))),
        _ => (
            new NetworkSpec(3, 4, false, 9, 55, [new DenseSpec("embed", 4, Activation.Tanh), new RecurrentSpec("encoder", CellKind.Rnn, 7)]),
            new NetworkSpec(2, 3, false, 9, 56,
                [new RecurrentSpec("decoder", CellKind.Rnn, 7, Activation: Activation.Relu), new DenseSpec("out", 2)],
                new LossSpec(LossKind.Mae), new OptimizerSpec(OptimizerKind.Adam, 0.01f))),
    };

    /// <summary>A minibatch of sequence pairs for <paramref name="pair"/>'s models.</summary>
    private sealed record PairBatch(float[] SourceFeatures, int[] SourceTokens, int[]? SourceLengths, float[] TargetFeatures, int[] TargetTokens, int[]? TargetLengths, int[] Classes, float[] Values);

    private static PairBatch Batch(NetworkSpec encoder, NetworkSpec decoder, int batch, int seed)
    {
        int[] sourceLengths = [6, 2, 4, 1, 6, 5, 3, 6, 2], targetLengths = [4, 1, 3, 4, 2, 4, 1, 3, 2];
        int outputs = decoder.Layers[^1] is DenseSpec dense ? dense.Units : 0;
        return new PairBatch(
            TestModels.Inputs(batch * encoder.Steps * encoder.InputSize, seed),
            Enumerable.Range(0, batch * encoder.Steps).Select(i => (i * 7 + seed) % 11).ToArray(),
            encoder.VariableLength ? sourceLengths[..batch] : null,
            TestModels.Inputs(batch * decoder.Steps * decoder.InputSize, seed + 1),
            Enumerable.Range(0, batch * decoder.Steps).Select(i => (i * 5 + seed) % 9).ToArray(),
            decoder.VariableLength ? targetLengths[..batch] : null,
            TestModels.Classes(batch * decoder.Steps, outputs, seed + 2),
            TestModels.Inputs(batch * decoder.Steps * outputs, seed + 3));
    }

    private static bool Tokens(NetworkSpec spec) => spec.Layers[0] is EmbeddingSpec;

    private static bool SequenceOutput(NetworkSpec spec) => spec.Layers.OfType<RecurrentSpec>().Last().ReturnSequences;

    private static int Units(NetworkSpec spec) => ((DenseSpec)spec.Layers[^1]).Units;

    private static float ComputeGradients(EncoderDecoder pair, PairBatch data, int batch) => Run(pair, data, batch, update: false);

    private static float TrainStep(EncoderDecoder pair, PairBatch data, int batch) => Run(pair, data, batch, update: true);

    /// <summary>The pair's <c>TrainStep</c> (or <c>ComputeGradients</c>) on the first <paramref name="batch"/> sequence pairs, in the forms its models read.</summary>
    private static float Run(EncoderDecoder pair, PairBatch data, int batch, bool update)
    {
        NetworkSpec encoder = pair.Encoder.Spec, decoder = pair.Decoder.Spec;
        BatchInputs source = Tokens(encoder) ? data.SourceTokens : data.SourceFeatures;
        BatchInputs target = Tokens(decoder) ? data.TargetTokens : data.TargetFeatures;
        int perSequence = SequenceOutput(decoder) ? decoder.Steps : 1;
        BatchTargets targets = decoder.Loss!.Kind == LossKind.CrossEntropy
            ? data.Classes.AsSpan(0, batch * perSequence)
            : data.Values.AsSpan(0, batch * perSequence * Units(decoder));
        return update
            ? pair.TrainStep(source, target, targets, data.SourceLengths, data.TargetLengths)
            : pair.ComputeGradients(source, target, targets, data.SourceLengths, data.TargetLengths);
    }

    /// <summary>
    /// PyTorch's loss of the pair on the batch: each sequence pair run on its own over its real steps (what packing
    /// does), the decoder from the encoder's final states, the loss's mean over every real output.
    /// </summary>
    private static Tensor TorchLoss(TorchModel encoder, TorchModel decoder, NetworkSpec encoderSpec, NetworkSpec decoderSpec, PairBatch data, int batch)
    {
        var predictions = new List<Tensor>();
        var classTargets = new List<long>();
        var valueTargets = new List<double>();
        int units = Units(decoderSpec);
        bool sequence = SequenceOutput(decoderSpec);
        for (int b = 0; b < batch; b++)
        {
            int sourceLength = data.SourceLengths?[b] ?? encoderSpec.Steps, targetLength = data.TargetLengths?[b] ?? decoderSpec.Steps;
            (_, _, List<Tensor> states) = encoder.RunWithStateTensors(Sequence(encoderSpec, data.SourceFeatures, data.SourceTokens, b, sourceLength), null);
            (Tensor output, Tensor logits, _) = decoder.RunWithStateTensors(Sequence(decoderSpec, data.TargetFeatures, data.TargetTokens, b, targetLength), states);
            bool crossEntropy = decoderSpec.Loss!.Kind == LossKind.CrossEntropy;
            predictions.Add((crossEntropy ? logits : output).reshape(-1, units));
            int perSequence = sequence ? decoderSpec.Steps : 1, real = sequence ? targetLength : 1;
            for (int t = 0; t < real; t++)
            {
                classTargets.Add(data.Classes[b * perSequence + t]);
                for (int u = 0; u < units; u++) valueTargets.Add(data.Values[(b * perSequence + t) * units + u]);
            }
        }
        Tensor predicted = cat(predictions, 0);
        return decoderSpec.Loss!.Kind switch
        {
            LossKind.CrossEntropy => nn.functional.cross_entropy(predicted, tensor(classTargets.ToArray(), int64)),
            LossKind.Mse => nn.functional.mse_loss(predicted, tensor(valueTargets.ToArray(), float64).reshape(-1, units)),
            _ => nn.functional.l1_loss(predicted, tensor(valueTargets.ToArray(), float64).reshape(-1, units)),
        };
    }

    private static Tensor Sequence(NetworkSpec spec, float[] features, int[] tokens, int b, int length) => Tokens(spec)
        ? tensor(tokens.Skip(b * spec.Steps).Take(length).Select(t => (long)t).ToArray(), new long[] { 1, length })
        : tensor(features.Skip(b * spec.Steps * spec.InputSize).Take(length * spec.InputSize).Select(v => (double)v).ToArray(), new long[] { 1, length, spec.InputSize }, float64);

    private static double[] Values(Tensor t) => t.detach().contiguous().data<double>().ToArray();

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndBothModelsGradientsArePyTorchsThroughTheStates(string name, Isa isa)
    {
        if (!IsaSelector.IsSupported(isa)) return; // this process cannot run that path (CI forces each in turn)
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair(name);
        var pair = new EncoderDecoder(new Network(encoderSpec) { Isa = isa }, new Network(decoderSpec) { Isa = isa });
        const int batch = 5;
        PairBatch data = Batch(encoderSpec, decoderSpec, batch, name.Length);
        float loss = ComputeGradients(pair, data, batch);

        using var scope = NewDisposeScope();
        using var encoder = new TorchModel(encoderSpec, ParameterValues.Of(pair.Encoder.Parameters));
        using var decoder = new TorchModel(decoderSpec, ParameterValues.Of(pair.Decoder.Parameters));
        Tensor expected = TorchLoss(encoder, decoder, encoderSpec, decoderSpec, data, batch);
        expected.backward();

        OracleAssert.Close($"{name} loss", expected.item<double>(), loss, 1e-5, 1e-6);
        Dictionary<string, float[]> encoderGradients = ParameterValues.Of(pair.Encoder.Gradients), decoderGradients = ParameterValues.Of(pair.Decoder.Gradients);
        foreach ((string parameter, Parameter p) in encoder.Parameters)
        {
            // No gradient in PyTorch: the parameter is outside the graph (an encoder head), and its gradient here is zero.
            double[] reference = p.grad is null ? new double[p.numel()] : Values(p.grad);
            OracleAssert.Close($"{name} encoder gradient {parameter}", reference, encoderGradients[parameter], 1e-4, 1e-6);
        }
        foreach ((string parameter, Parameter p) in decoder.Parameters)
        {
            double[] reference = p.grad is null ? new double[p.numel()] : Values(p.grad); // frozen: no gradient, zero here
            OracleAssert.Close($"{name} decoder gradient {parameter}", reference, decoderGradients[parameter], 1e-4, 1e-6);
        }
        // The encoder learns: the decoder's loss reaches every one of its tensors on the way to its states.
        Assert.All(encoder.Parameters.Where(p => p.Value.grad is not null), p => Assert.Contains(encoderGradients[p.Key], v => v != 0f));
    }

    [Theory]
    [InlineData("tokens-bidirectional-lstm-to-stacked-lstm")]
    [InlineData("gru-variable-lengths-mse")]
    [InlineData("rnn-many-to-one-mae")]
    [InlineData("encoder-head-outside-the-graph")]
    [InlineData("frozen-decoder-under-a-learning-head")]
    public void TrainStepIsOneOptimizerAndOneClippingOverBothModels(string name)
    {
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair(name);
        var pair = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        const int batch = 4, steps = 3;
        PairBatch data = Batch(encoderSpec, decoderSpec, batch, name.Length + 1);

        using var scope = NewDisposeScope();
        using var encoder = new TorchModel(encoderSpec, ParameterValues.Of(pair.Encoder.Parameters));
        using var decoder = new TorchModel(decoderSpec, ParameterValues.Of(pair.Decoder.Parameters));
        Parameter[] parameters = encoder.Parameters.Values.Concat(decoder.Parameters.Values).ToArray();
        using optim.Optimizer optimizer = TorchReference.CreateOptimizer(decoderSpec.Optimizer!, parameters);
        for (int step = 0; step < steps; step++)
        {
            float loss = TrainStep(pair, data, batch);
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor expected = TorchLoss(encoder, decoder, encoderSpec, decoderSpec, data, batch);
            expected.backward();
            TorchReference.Clip(decoderSpec.Clip, parameters);
            optimizer.step();
            OracleAssert.Close($"{name} loss of step {step}", expected.item<double>(), loss, 1e-5, 1e-6);
        }
        Dictionary<string, float[]> encoderValues = ParameterValues.Of(pair.Encoder.Parameters), decoderValues = ParameterValues.Of(pair.Decoder.Parameters);
        foreach ((string parameter, Parameter p) in encoder.Parameters)
            OracleAssert.Close($"{name} encoder {parameter} after {steps} steps", Values(p), encoderValues[parameter], 1e-4, 1e-5);
        foreach ((string parameter, Parameter p) in decoder.Parameters)
            OracleAssert.Close($"{name} decoder {parameter} after {steps} steps", Values(p), decoderValues[parameter], 1e-4, 1e-5);
    }

    [Theory]
    [InlineData("tokens-bidirectional-lstm-to-stacked-lstm")]
    [InlineData("gru-variable-lengths-mse")]
    public void ForwardIsTheDecodersForwardFromTheEncodersFinalStates(string name)
    {
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair(name);
        var pair = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        const int batch = 5;
        PairBatch data = Batch(encoderSpec, decoderSpec, batch, 8);
        BatchInputs source = Tokens(encoderSpec) ? data.SourceTokens : data.SourceFeatures;
        BatchInputs target = Tokens(decoderSpec) ? data.TargetTokens : data.TargetFeatures;
        var outputs = new float[batch * decoderSpec.Steps * Units(decoderSpec)];
        pair.Forward(source, target, outputs, data.SourceLengths, data.TargetLengths);

        var encoded = new float[batch * pair.Encoder.OutputSize * (pair.Encoder.SequenceOutput ? encoderSpec.Steps : 1)];
        var states = new float[batch * pair.Encoder.StateSize];
        var expected = new float[outputs.Length];
        if (Tokens(encoderSpec)) pair.Encoder.Forward(data.SourceTokens, encoded, default, states, data.SourceLengths);
        else pair.Encoder.Forward(data.SourceFeatures, encoded, default, states, data.SourceLengths);
        if (Tokens(decoderSpec)) pair.Decoder.Forward(data.TargetTokens, expected, states, default, data.TargetLengths);
        else pair.Decoder.Forward(data.TargetFeatures, expected, states, default, data.TargetLengths);
        Assert.Equal(expected, outputs);

        // Teacher-forced inference equals PyTorch's too (through the same oracle as the loss).
        using var scope = NewDisposeScope();
        using var encoder = new TorchModel(encoderSpec, ParameterValues.Of(pair.Encoder.Parameters));
        using var decoder = new TorchModel(decoderSpec, ParameterValues.Of(pair.Decoder.Parameters));
        using var noGradients = no_grad();
        for (int b = 0; b < batch; b++)
        {
            int sourceLength = data.SourceLengths?[b] ?? encoderSpec.Steps, targetLength = data.TargetLengths?[b] ?? decoderSpec.Steps;
            (_, _, List<Tensor> finals) = encoder.RunWithStateTensors(Sequence(encoderSpec, data.SourceFeatures, data.SourceTokens, b, sourceLength), null);
            (Tensor output, _, _) = decoder.RunWithStateTensors(Sequence(decoderSpec, data.TargetFeatures, data.TargetTokens, b, targetLength), finals);
            int units = Units(decoderSpec);
            OracleAssert.Close($"{name} sequence {b}", Values(output), outputs.AsSpan(b * decoderSpec.Steps * units, targetLength * units), 1e-5, 1e-6);
        }
    }

    [Fact]
    public void BothModelsSaveAsOneStateDictThatLibtorchLoadsAndBack()
    {
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair("tokens-bidirectional-lstm-to-stacked-lstm");
        var pair = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        using var directory = new TemporaryDirectory();
        string path = directory.File("seq2seq.safetensors");
        pair.SaveSafetensors(path);

        // libtorch: a module holding the two as submodules 'encoder' and 'decoder' loads the file strictly.
        using var scope = NewDisposeScope();
        using var encoder = new TorchModel(encoderSpec, parameters: null);
        using var decoder = new TorchModel(decoderSpec, parameters: null);
        Dictionary<string, (float[] Data, long[] Shape)> file = SafetensorsInteropTests.ReadIndependently(path);
        Dictionary<string, Tensor> Part(string prefix) => file.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key[prefix.Length..], t => tensor(t.Value.Data, t.Value.Shape, float32));
        Assert.Equal(pair.Encoder.Parameters.Names.Count + pair.Decoder.Parameters.Names.Count, file.Count);
        encoder.LoadStateDict(Part("encoder."));
        decoder.LoadStateDict(Part("decoder."));
        Assert.Equal(ParameterValues.Of(pair.Encoder.Parameters), encoder.StateDict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray()));

        // And back: a PyTorch pair's state dict (other values) loads into a fresh pair, both models.
        manual_seed(23);
        using var torchEncoder = new TorchModel(encoderSpec, parameters: null);
        using var torchDecoder = new TorchModel(decoderSpec, parameters: null);
        string fromTorch = directory.File("from-torch.safetensors");
        SafetensorsInteropTests.WriteIndependently(fromTorch, torchEncoder.StateDict().ToDictionary(p => "encoder." + p.Key, p => p.Value)
            .Concat(torchDecoder.StateDict().ToDictionary(p => "decoder." + p.Key, p => p.Value)).ToDictionary(p => p.Key, p => p.Value));
        var loaded = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        loaded.LoadSafetensors(fromTorch);
        Assert.Equal(torchEncoder.StateDict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray()), ParameterValues.Of(loaded.Encoder.Parameters));
        Assert.Equal(torchDecoder.StateDict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray()), ParameterValues.Of(loaded.Decoder.Parameters));

        // One model alone takes its part of the file.
        var alone = new Network(decoderSpec);
        alone.LoadSafetensors(fromTorch, "decoder.");
        Assert.Equal(ParameterValues.Of(loaded.Decoder.Parameters), ParameterValues.Of(alone.Parameters));
    }

    [Fact]
    public void APairLoadIsStrictAndAllOrNothing()
    {
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair("gru-variable-lengths-mse");
        var source = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        using var directory = new TemporaryDirectory();
        string path = directory.File("pair.safetensors");
        source.SaveSafetensors(path);
        Dictionary<string, (float[] Data, long[] Shape)> file = SafetensorsInteropTests.ReadIndependently(path);
        file.Remove("decoder.out.bias");
        file["extra.weight"] = (new float[] { 1f }, new long[] { 1 });
        string broken = directory.File("broken.safetensors");
        SafetensorsInteropTests.WriteIndependently(broken, file.ToDictionary(t => t.Key, t => tensor(t.Value.Data, t.Value.Shape, float32)));

        var target = new EncoderDecoder(new Network(encoderSpec with { Seed = 99 }), new Network(decoderSpec with { Seed = 98 }));
        Dictionary<string, float[]> before = ParameterValues.Of(target.Encoder.Parameters);
        var error = Assert.Throws<InvalidDataException>(() => target.LoadSafetensors(broken));
        Assert.Contains("missing tensor 'decoder.out.bias'", error.Message);
        Assert.Contains("unexpected tensor 'extra.weight' (under neither 'encoder.' nor 'decoder.')", error.Message);
        Assert.Equal(before, ParameterValues.Of(target.Encoder.Parameters)); // the encoder's part was fine, but nothing loaded
        Assert.Throws<ArgumentException>(() => target.SaveSafetensors(path, "model.", "model.decoder."));
    }

    [Fact]
    public void TwoCoresGiveTheBitsOfOne()
    {
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair("gru-variable-lengths-mse");
        var one = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        var two = new EncoderDecoder(new Network(encoderSpec) { Cores = 2 }, new Network(decoderSpec) { Cores = 2 });
        PairBatch data = Batch(encoderSpec, decoderSpec, 9, 3);
        for (int step = 0; step < 2; step++) Assert.Equal(TrainStep(one, data, 9), TrainStep(two, data, 9));
        Assert.Equal(ParameterValues.Of(one.Encoder.Parameters), ParameterValues.Of(two.Encoder.Parameters));
        Assert.Equal(ParameterValues.Of(one.Decoder.Parameters), ParameterValues.Of(two.Decoder.Parameters));
    }

    [Fact]
    public void MismatchedModelsAndBadBatchesAreRejectedAndChangeNothing()
    {
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair("tokens-bidirectional-lstm-to-stacked-lstm");
        var gruDecoder = new Network(decoderSpec with { Layers = [new EmbeddingSpec("target", 9, 3), new RecurrentSpec("decoder", CellKind.Gru, 12, Layers: 2, ReturnSequences: true), new DenseSpec("out", 9)] });
        var shapes = Assert.Throws<ArgumentException>(() => new EncoderDecoder(new Network(encoderSpec), gruDecoder));
        Assert.Contains("h_n [2, 6], c_n [2, 6]", shapes.Message);
        Assert.Contains("h_n [2, 12]", shapes.Message);
        var noLoss = Assert.Throws<ArgumentException>(() => new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec with { Loss = null, Optimizer = null, Clip = null })));
        Assert.Contains("no [Loss]", noLoss.Message);

        var pair = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        PairBatch data = Batch(encoderSpec, decoderSpec, 3, 4);
        Dictionary<string, float[]> encoderBefore = ParameterValues.Of(pair.Encoder.Parameters), decoderBefore = ParameterValues.Of(pair.Decoder.Parameters);
        var fewerTargets = Assert.Throws<ArgumentException>(() => pair.TrainStep(data.SourceTokens, data.TargetTokens.AsSpan(0, 2 * 4), data.Classes.AsSpan(0, 2 * 4)));
        Assert.Contains("decoderInputs must hold one sequence per source sequence (3 × 4 steps × 1 = 12 values), but it holds 8", fewerTargets.Message);
        int[] badToken = data.SourceTokens.ToArray();
        badToken[2] = 11;
        var token = Assert.Throws<ArgumentOutOfRangeException>(() => pair.TrainStep(badToken, data.TargetTokens, data.Classes.AsSpan(0, 3 * 4)));
        Assert.Contains("source[2]", token.Message);
        var floats = Assert.Throws<InvalidOperationException>(() => pair.TrainStep(data.SourceFeatures, data.TargetTokens, data.Classes.AsSpan(0, 3 * 4)));
        Assert.Contains("reads tokens", floats.Message);
        var lengths = Assert.Throws<ArgumentException>(() => pair.TrainStep(data.SourceTokens, data.TargetTokens, data.Classes.AsSpan(0, 3 * 4), sourceLengths: [5, 2, 3]));
        Assert.Contains("The encoder is declared with Steps (fixed length): it takes no lengths", lengths.Message);
        Assert.Equal(encoderBefore, ParameterValues.Of(pair.Encoder.Parameters));
        Assert.Equal(decoderBefore, ParameterValues.Of(pair.Decoder.Parameters));

        var prefixes = Assert.Throws<ArgumentException>(() => pair.SaveSafetensors("unused.safetensors", "enc", "dec"));
        Assert.Contains("must end with '.'", prefixes.Message);
        var noOptimizer = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec with { Optimizer = null, Clip = null }));
        var optimizer = Assert.Throws<InvalidOperationException>(() => noOptimizer.TrainStep(data.SourceTokens, data.TargetTokens, data.Classes.AsSpan(0, 3 * 4)));
        Assert.Contains("The decoder has no optimizer attribute", optimizer.Message);
    }

    [Fact]
    public void TrainStepAllocatesNothing()
    {
        (NetworkSpec encoderSpec, NetworkSpec decoderSpec) = Pair("gru-variable-lengths-mse");
        var pair = new EncoderDecoder(new Network(encoderSpec), new Network(decoderSpec));
        PairBatch data = Batch(encoderSpec, decoderSpec, 9, 5);
        float[] targets = data.Values[..(9 * decoderSpec.Steps * Units(decoderSpec))]; // the helper's LINQ would allocate
        Assert.Equal(0, AllocationProbe.BytesPerCall(() => pair.TrainStep(data.SourceFeatures, data.TargetFeatures, targets, data.SourceLengths, data.TargetLengths)));
    }

    [Fact]
    public void ARefusedPairStepChangesNothingNotEvenTheEncodersDropoutMasks()
    {
        // Both models' arguments are checked before the encoder runs: its dropout generator must not move either.
        static EncoderDecoder Create() => new(
            new Network(new NetworkSpec(1, 4, true, 4, 71, [new EmbeddingSpec("source", 6, 3), new RecurrentSpec("encoder", CellKind.Lstm, 5, Layers: 2, Dropout: 0.5f)])),
            new Network(new NetworkSpec(1, 3, true, 4, 72,
                [new EmbeddingSpec("target", 6, 3), new RecurrentSpec("decoder", CellKind.Lstm, 5, Layers: 2, ReturnSequences: true), new DenseSpec("out", 6)],
                new LossSpec(LossKind.CrossEntropy), new OptimizerSpec(OptimizerKind.Adam, 0.01f))));
        int[] source = [1, 2, 3, 4, 5, 0, 1, 2], inputs = [0, 1, 2, 3, 4, 5], targets = [1, 2, 3, 4, 5, 0];
        int[] sourceLengths = [4, 2], targetLengths = [3, 1];
        EncoderDecoder refused = Create(), fresh = Create();

        int[] badTargets = [1, 2, 99, 4, 5, 0];
        Assert.Throws<ArgumentOutOfRangeException>(() => refused.TrainStep(source, inputs, badTargets, sourceLengths, targetLengths));
        Assert.Throws<ArgumentException>(() => refused.TrainStep(source, inputs[..5], targets, sourceLengths, targetLengths));
        var lengths = Assert.Throws<ArgumentException>(() => refused.TrainStep(source, inputs, targets, sourceLengths, [3, 1, 2]));
        Assert.Contains("targetLengths must hold one length per sequence (2), but it holds 3", lengths.Message);

        Assert.Equal(fresh.TrainStep(source, inputs, targets, sourceLengths, targetLengths), refused.TrainStep(source, inputs, targets, sourceLengths, targetLengths));
        Assert.Equal(fresh.Encoder.Parameters.AsSpan().ToArray(), refused.Encoder.Parameters.AsSpan().ToArray());
        Assert.Equal(fresh.Decoder.Parameters.AsSpan().ToArray(), refused.Decoder.Parameters.AsSpan().ToArray());
    }
}
