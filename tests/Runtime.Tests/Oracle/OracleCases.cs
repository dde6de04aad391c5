using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// The engine-versus-PyTorch scenarios, by name (xunit lists each name as its own test). Sizes are deliberately not
/// multiples of 8 or 16 (input 5, hidden 7 or 20, Dense 3) so padded SIMD tails are exercised; steps 1, 4 and 9;
/// batches of 3, and of 33 to 64 for the paths that only large batches take.
/// </summary>
public static class OracleCases
{
    private const int Input = 5, Units = 3, Batch = 3;
    private static readonly OptimizerSpec Sgd = new(OptimizerKind.Sgd, 0.05f, Momentum: 0.9f);
    private static readonly Dictionary<string, OracleCase> ByName = Build().ToDictionary(c => c.Name);

    public static TheoryData<string> Names => new(ByName.Keys);

    public static OracleCase Get(string name) => ByName[name];

    private static IEnumerable<OracleCase> Build()
    {
        var cases = new List<(string Name, NetworkSpec Spec, int[]? Lengths)>();
        int[] stepChoices = [1, 4, 9];
        int variant = 0;

        // Every cell × 1 or 2 layers × uni/bidirectional × (per-step Dense after a sequence | Dense head on the final state).
        foreach (CellKind cell in new[] { CellKind.Rnn, CellKind.Lstm, CellKind.Gru })
            foreach (int layers in new[] { 1, 2 })
                foreach (bool bidirectional in new[] { false, true })
                    foreach (bool sequence in new[] { true, false })
                    {
                        int steps = stepChoices[variant % 3];
                        int hidden = variant % 2 == 0 ? 7 : 20;
                        variant++;
                        string name = $"{cell}-L{layers}-{(bidirectional ? "bi" : "uni")}-{(sequence ? "seq" : "last")}-H{hidden}-T{steps}";
                        var recurrent = new RecurrentSpec("rnn", cell, hidden, layers, bidirectional, sequence);
                        cases.Add((name, Fixed(steps, Input, [recurrent, new DenseSpec("head", Units)], LossKind.Mse, Sgd), null));
                    }

        cases.Add(("Rnn-relu-T9", Fixed(9, Input, [new RecurrentSpec("rnn", CellKind.Rnn, 7, Activation: Activation.Relu), new DenseSpec("head", Units)], LossKind.Mse, Sgd), null));
        cases.Add(("Lstm-stack-of-two-layers-with-dropout0", Fixed(4, Input,
            [new RecurrentSpec("lstm", CellKind.Lstm, 7, ReturnSequences: true), new DropoutSpec("dropout", 0f), new RecurrentSpec("lstm_1", CellKind.Lstm, 20), new DenseSpec("head", Units)],
            LossKind.Mse, Sgd), null));

        // Per-step Dense layers before and after the recurrence, and a Dense stack on the final state.
        cases.Add(("Dense-before-Lstm-and-MLP-head", Fixed(4, Input,
            [new DenseSpec("proj", 6, Activation.Relu), new RecurrentSpec("lstm", CellKind.Lstm, 7), new DenseSpec("hidden", 5, Activation.Tanh), new DenseSpec("head", Units)],
            LossKind.Mse, Sgd), null));
        cases.Add(("Variable-Embedding-Dense-Gru-bi-seq", Variable(
            [new EmbeddingSpec("embed", 11, Input), new DenseSpec("proj", 6, Activation.Sigmoid), new RecurrentSpec("gru", CellKind.Gru, 7, Bidirectional: true, ReturnSequences: true), new DenseSpec("head", Units)],
            LossKind.CrossEntropy, tokens: true), [9, 4, 1]));

        // Token input.
        cases.Add(("Embedding-Gru-last-CrossEntropy", Fixed(9, 1,
            [new EmbeddingSpec("embed", 11, Input), new RecurrentSpec("gru", CellKind.Gru, 7), new DenseSpec("head", Units)], LossKind.CrossEntropy, Sgd), null));
        cases.Add(("Embedding-Lstm-bi-seq-CrossEntropy", Fixed(4, 1,
            [new EmbeddingSpec("embed", 11, Input), new RecurrentSpec("lstm", CellKind.Lstm, 20, Bidirectional: true, ReturnSequences: true), new DenseSpec("head", Units)], LossKind.CrossEntropy, Sgd), null));

        // A frozen embedding (requires_grad_(False)): no gradient, and decaying optimizers leave it alone; its table
        // (11 × 5 = 55 floats) ends inside a 16-float group whose other floats do learn.
        cases.Add(("Frozen-Embedding-Lstm-seq-AdamW", Fixed(4, 1,
            [new EmbeddingSpec("embed", 11, Input, Trainable: false), new RecurrentSpec("lstm", CellKind.Lstm, 7, ReturnSequences: true), new DenseSpec("head", Units)],
            LossKind.CrossEntropy, new OptimizerSpec(OptimizerKind.AdamW, 0.01f, WeightDecay: 0.1f)), null));
        cases.Add(("Frozen-Embedding-Dropout-Gru-Sgd-decay", Variable(
            [new EmbeddingSpec("embed", 11, Input, Trainable: false), new DropoutSpec("dropout", 0f), new RecurrentSpec("gru", CellKind.Gru, 7, Bidirectional: true), new DenseSpec("head", Units)],
            LossKind.Mse, tokens: true) with { Optimizer = new OptimizerSpec(OptimizerKind.Sgd, 0.1f, Momentum: 0.9f, WeightDecay: 0.1f) }, [9, 4, 1]));

        // Frozen recurrent and Dense layers: gradients flow through them to the learning layers before, their own are
        // zero, and decay and momentum leave them alone; a frozen first layer spares the next its input gradient.
        var adamWDecay = new OptimizerSpec(OptimizerKind.AdamW, 0.01f, WeightDecay: 0.1f);
        cases.Add(("Frozen-Lstm-between-learning-Dense-AdamW", Fixed(4, Input,
            [new DenseSpec("proj", 6, Activation.Tanh), new RecurrentSpec("lstm", CellKind.Lstm, 7, ReturnSequences: true, Trainable: false), new DenseSpec("head", Units)],
            LossKind.Mse, adamWDecay), null));
        cases.Add(("Frozen-first-Gru-Sgd-decay", Fixed(9, Input,
            [new RecurrentSpec("gru", CellKind.Gru, 20, Layers: 2, Trainable: false), new DenseSpec("head", Units)],
            LossKind.CrossEntropy, new OptimizerSpec(OptimizerKind.Sgd, 0.1f, Momentum: 0.9f, WeightDecay: 0.1f)), null));
        // Frozen at the start (skipped) and frozen in the middle with 8 floats sharing 16-float groups with learning
        // parameters on both sides (updated with them, then put back).
        cases.Add(("Frozen-first-and-middle-small-layers-AdamW", Fixed(4, Input,
            [new DenseSpec("proj", 2, Activation.Tanh, Trainable: false), new RecurrentSpec("lstm", CellKind.Lstm, 7, ReturnSequences: true),
             new DenseSpec("mid", 1, Activation.Tanh, Trainable: false), new RecurrentSpec("gru", CellKind.Gru, 3), new DenseSpec("head", Units)],
            LossKind.Mse, adamWDecay), null));
        cases.Add(("Frozen-head-Lstm-bi-Adam-decay", Variable(
            [new RecurrentSpec("lstm", CellKind.Lstm, 7, Bidirectional: true, ReturnSequences: true), new DenseSpec("head", Units, Trainable: false)],
            LossKind.Mse) with { Optimizer = new OptimizerSpec(OptimizerKind.Adam, 0.01f, WeightDecay: 0.1f) }, [9, 4, 1]));

        // Dense activations (MSE on the activated output; CrossEntropy with Softmax trains on the logits).
        foreach (Activation activation in new[] { Activation.None, Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.Softmax })
            cases.Add(($"Dense-{activation}", Fixed(4, Input, [new RecurrentSpec("gru", CellKind.Gru, 7), new DenseSpec("head", Units, activation)], LossKind.Mse, Sgd), null));
        cases.Add(("Dense-Softmax-CrossEntropy", Fixed(4, Input, [new RecurrentSpec("lstm", CellKind.Lstm, 7), new DenseSpec("head", Units, Activation.Softmax)], LossKind.CrossEntropy, Sgd), null));

        // Losses, on a many-to-one head and on per-step outputs.
        foreach (LossKind loss in new[] { LossKind.CrossEntropy, LossKind.Mse, LossKind.Mae, LossKind.BinaryCrossEntropy })
            foreach (bool sequence in new[] { false, true })
            {
                Activation activation = loss == LossKind.BinaryCrossEntropy ? Activation.Sigmoid : Activation.None;
                var layers = new LayerSpec[] { new RecurrentSpec("lstm", CellKind.Lstm, 7, ReturnSequences: sequence), new DenseSpec("head", Units, activation) };
                cases.Add(($"Loss-{loss}-{(sequence ? "seq" : "last")}", Fixed(4, Input, layers, loss, Sgd), null));
            }

        // Optimizers and clipping on one small LSTM.
        var optimizers = new (string Name, OptimizerSpec Spec)[]
        {
            ("Sgd", new(OptimizerKind.Sgd, 0.1f)),
            ("Sgd-momentum-nesterov-decay", new(OptimizerKind.Sgd, 0.05f, Momentum: 0.9f, Nesterov: true, WeightDecay: 0.01f)),
            ("Adam", new(OptimizerKind.Adam, 1e-3f)),
            ("Adam-decay", new(OptimizerKind.Adam, 1e-3f, Beta1: 0.8f, Beta2: 0.95f, WeightDecay: 0.01f)),
            ("AdamW", new(OptimizerKind.AdamW, 1e-3f, WeightDecay: 0.01f)),
            ("RmsProp", new(OptimizerKind.RmsProp, 1e-3f)),
            ("RmsProp-momentum-decay", new(OptimizerKind.RmsProp, 1e-3f, Momentum: 0.5f, Alpha: 0.9f, WeightDecay: 0.01f)),
        };
        var lstm = new LayerSpec[] { new RecurrentSpec("lstm", CellKind.Lstm, 7), new DenseSpec("head", Units) };
        foreach ((string name, OptimizerSpec optimizer) in optimizers)
            cases.Add(($"Optimizer-{name}", Fixed(4, Input, lstm, LossKind.Mse, optimizer), null));
        // Small bounds so the clips actually change the gradients.
        cases.Add(("Clip-Norm", Fixed(4, Input, lstm, LossKind.Mse, Sgd) with { Clip = new ClipSpec(ClipKind.Norm, 0.05f) }, null));
        cases.Add(("Clip-Value", Fixed(4, Input, lstm, LossKind.Mse, Sgd) with { Clip = new ClipSpec(ClipKind.Value, 0.01f) }, null));

        // Rows wide enough for padded packed-weight strides (WeightRowStride): gate rows of 512 and 288 floats, the
        // stacked layer's 256 inputs (dL/dx), a hidden size of 256 (dL/dh).
        cases.Add(("WideRows-Lstm-L2-bi-H128", Fixed(4, Input, [new RecurrentSpec("lstm", CellKind.Lstm, 128, Layers: 2, Bidirectional: true), new DenseSpec("head", Units)], LossKind.Mse, Sgd), null));
        cases.Add(("WideRows-Gru-H96", Fixed(4, Input, [new RecurrentSpec("gru", CellKind.Gru, 96), new DenseSpec("head", Units)], LossKind.Mse, Sgd), null));
        cases.Add(("WideRows-Rnn-H256", Fixed(4, Input, [new RecurrentSpec("rnn", CellKind.Rnn, 256), new DenseSpec("head", Units)], LossKind.Mse, Sgd), null));

        // Variable length: lengths {9, 4, 1} padded to MaxSteps 9.
        int[] lengths = [9, 4, 1];
        cases.Add(("Variable-Lstm-bi-seq", Variable([new RecurrentSpec("lstm", CellKind.Lstm, 7, Bidirectional: true, ReturnSequences: true), new DenseSpec("head", Units)], LossKind.Mse), lengths));
        cases.Add(("Variable-Gru-last", Variable([new RecurrentSpec("gru", CellKind.Gru, 20), new DenseSpec("head", Units)], LossKind.Mse), lengths));
        cases.Add(("Variable-Rnn-L2-bi-last", Variable([new RecurrentSpec("rnn", CellKind.Rnn, 7, Layers: 2, Bidirectional: true), new DenseSpec("head", Units)], LossKind.Mse), lengths));
        cases.Add(("Variable-Lstm-seq-CrossEntropy", Variable([new RecurrentSpec("lstm", CellKind.Lstm, 7, ReturnSequences: true), new DenseSpec("head", Units)], LossKind.CrossEntropy), lengths));

        // Batches large enough for the training step's other paths: from 32 unpadded sequences the input projection goes
        // step by step, from 8 the recurrence can split between two cores; train-rows' shape (SPEC §7) and train-gru256's
        // widths (gate rows of 768 floats, 784 apart when packed) on fewer steps among them.
        var adam = new OptimizerSpec(OptimizerKind.Adam, 1e-3f);
        var large = new List<(string Name, NetworkSpec Spec, int[]? Lengths, int Cores)>
        {
            ("LargeBatch-Lstm-B40", Fixed(6, Input, [new RecurrentSpec("lstm", CellKind.Lstm, 20), new DenseSpec("head", Units)], LossKind.Mse, adam, batch: 40), null, 1),
            ("LargeBatch-Gru-bi-seq-B40-TwoCores", Fixed(5, Input, [new RecurrentSpec("gru", CellKind.Gru, 20, Bidirectional: true, ReturnSequences: true), new DenseSpec("head", Units)], LossKind.Mse, adam, batch: 40), null, 2),
            ("LargeBatch-Variable-Lstm-L2-B33-TwoCores", Variable([new RecurrentSpec("lstm", CellKind.Lstm, 7, Layers: 2), new DenseSpec("head", Units)], LossKind.CrossEntropy, batch: 33),
                Enumerable.Range(0, 33).Select(b => 1 + b % 9).ToArray(), 2),
            // The stacked layer's 2 × 32 inputs take dW_ih as dPreᵀ·x (not its transpose), paired with dW_hh on two cores.
            ("LargeBatch-Lstm-L2-bi-B40-TwoCores", Fixed(5, Input, [new RecurrentSpec("lstm", CellKind.Lstm, 20, Layers: 2, Bidirectional: true), new DenseSpec("head", Units)], LossKind.Mse, adam, batch: 40), null, 2),
            ("TrainRows-shape-B64", Fixed(28, 28, [new RecurrentSpec("lstm", CellKind.Lstm, 128), new DenseSpec("head", 10)], LossKind.CrossEntropy, adam, batch: 64)
                with { Clip = new ClipSpec(ClipKind.Norm, 5f) }, null, 1),
            ("Gru256-B64-TwoCores", Fixed(12, 32, [new RecurrentSpec("gru", CellKind.Gru, 256), new DenseSpec("head", 32)], LossKind.Mse, adam, batch: 64), null, 2),
        };

        return cases.Select((c, i) => new OracleCase(c.Name, c.Spec, Batch, c.Lengths, DataSeed: 1000 + i))
            .Concat(large.Select((c, i) => new OracleCase(c.Name, c.Spec, c.Spec.BatchSize, c.Lengths, DataSeed: 2000 + i, c.Cores)));
    }

    private static NetworkSpec Fixed(int steps, int input, LayerSpec[] layers, LossKind loss, OptimizerSpec optimizer, int batch = Batch) =>
        new(input, steps, VariableLength: false, BatchSize: batch, Seed: 7, layers, new LossSpec(loss), optimizer);

    private static NetworkSpec Variable(LayerSpec[] layers, LossKind loss, bool tokens = false, int batch = Batch) =>
        new(tokens ? 1 : Input, 9, VariableLength: true, BatchSize: batch, Seed: 7, layers, new LossSpec(loss), Sgd);
}
