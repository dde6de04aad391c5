using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using ModelCompiler.Benchmarks.Reference;
using ModelCompiler.Runtime;

namespace ModelCompiler.Benchmarks.Onnx;

/// <summary>
/// An ONNX model (opset 17) of one recurrent layer and a Dense head, with the engine's weights: an <c>LSTM</c> or
/// <c>GRU</c> node (PyTorch's gate blocks reordered to ONNX's: LSTM i, o, f, c; GRU z, r, h with
/// <c>linear_before_reset</c>, PyTorch's GRU), then <c>MatMul</c> + <c>Add</c> on the last hidden state.
/// Graph inputs: <c>x</c> [steps, 1, input], and for a streaming model <c>h0</c> (and <c>c0</c>) [1, 1, hidden];
/// outputs: <c>y</c> [1, 1, outputs], and for a streaming model <c>h1</c> (and <c>c1</c>), the state after the last step.
/// </summary>
public static class OnnxRecurrentGraph
{
    // Field numbers of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto).
    private const int FloatType = 1, IntAttribute = 2, OpsetVersion = 17, IrVersion = 8;

    public static byte[] Create(CellKind cell, ParameterSet parameters, int input, int hidden, int outputs, int steps, bool streaming)
    {
        bool lstm = cell == CellKind.Lstm;
        // ONNX gate block i takes PyTorch's block order[i].
        int[] order = lstm ? [0, 3, 1, 2] : [1, 0, 2];
        int gates = order.Length;
        float[] inputWeights = Reorder(ReferenceWeights.Copy(parameters, "rnn.weight_ih_l0"), order, hidden * input);
        float[] recurrentWeights = Reorder(ReferenceWeights.Copy(parameters, "rnn.weight_hh_l0"), order, hidden * hidden);
        float[] biases = [.. Reorder(ReferenceWeights.Copy(parameters, "rnn.bias_ih_l0"), order, hidden), .. Reorder(ReferenceWeights.Copy(parameters, "rnn.bias_hh_l0"), order, hidden)];
        float[] headWeights = Transpose(ReferenceWeights.Copy(parameters, "head.weight"), outputs, hidden);
        float[] headBias = ReferenceWeights.Copy(parameters, "head.bias");

        var graphInputs = new List<(string Name, long[] Shape)> { ("x", [steps, 1, input]) };
        var graphOutputs = new List<(string Name, long[] Shape)> { ("y", [1, 1, outputs]) };
        string initialHidden = "", initialCell = "", lastCell = lstm ? "c1" : "";
        if (streaming)
        {
            graphInputs.Add(("h0", [1, 1, hidden]));
            initialHidden = "h0";
            graphOutputs.Add(("h1", [1, 1, hidden]));
            if (lstm)
            {
                graphInputs.Add(("c0", [1, 1, hidden]));
                initialCell = "c0";
                graphOutputs.Add(("c1", [1, 1, hidden]));
            }
        }
        // Optional inputs left out are empty names: sequence_lens always, the initial state when not streaming.
        string[] recurrentInputs = lstm
            ? ["x", "W", "R", "B", "", initialHidden, initialCell]
            : ["x", "W", "R", "B", "", initialHidden];
        string[] recurrentOutputs = lstm ? ["", "h1", lastCell] : ["", "h1"];

        var model = new ProtobufWriter()
            .Int(1, IrVersion)
            .String(2, "ModelCompiler.Benchmarks")
            .Message(8, opset => opset.Int(2, OpsetVersion))
            .Message(7, graph =>
            {
                graph.String(2, "recurrent-with-head");
                graph.Message(1, node =>
                {
                    foreach (string name in recurrentInputs) node.String(1, name);
                    foreach (string name in recurrentOutputs) node.String(2, name);
                    node.String(3, "rnn").String(4, lstm ? "LSTM" : "GRU");
                    node.Message(5, attribute => attribute.String(1, "hidden_size").Int(20, IntAttribute).Int(3, hidden));
                    if (!lstm) node.Message(5, attribute => attribute.String(1, "linear_before_reset").Int(20, IntAttribute).Int(3, 1));
                });
                graph.Message(1, node => node.String(1, "h1").String(1, "headWeights").String(2, "logits").String(3, "head").String(4, "MatMul"));
                graph.Message(1, node => node.String(1, "logits").String(1, "headBias").String(2, "y").String(3, "headBias").String(4, "Add"));
                Initializer(graph, "W", [1, gates * hidden, input], inputWeights);
                Initializer(graph, "R", [1, gates * hidden, hidden], recurrentWeights);
                Initializer(graph, "B", [1, 2 * gates * hidden], biases);
                Initializer(graph, "headWeights", [hidden, outputs], headWeights);
                Initializer(graph, "headBias", [outputs], headBias);
                foreach (var (name, shape) in graphInputs) graph.Message(11, value => ValueInfo(value, name, shape));
                foreach (var (name, shape) in graphOutputs) graph.Message(12, value => ValueInfo(value, name, shape));
            });
        return model.ToArray();
    }

    private static void Initializer(ProtobufWriter graph, string name, long[] shape, float[] values) =>
        graph.Message(5, tensor =>
        {
            foreach (long dimension in shape) tensor.Int(1, dimension);
            tensor.Int(2, FloatType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        });

    private static void ValueInfo(ProtobufWriter value, string name, long[] shape) =>
        value.String(1, name).Message(2, type => type.Message(1, tensorType =>
        {
            tensorType.Int(1, FloatType);
            tensorType.Message(2, tensorShape =>
            {
                foreach (long dimension in shape) tensorShape.Message(1, dim => dim.Int(1, dimension));
            });
        }));

    /// <summary>Blocks of <paramref name="blockLength"/> floats in the order <paramref name="order"/> names.</summary>
    private static float[] Reorder(float[] values, int[] order, int blockLength)
    {
        var reordered = new float[values.Length];
        for (int block = 0; block < order.Length; block++)
        {
            Array.Copy(values, order[block] * blockLength, reordered, block * blockLength, blockLength);
        }
        return reordered;
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) transposed[c * rows + r] = matrix[r * columns + c];
        }
        return transposed;
    }
}
