using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelCompiler.Runtime.Tests.Engine;
using Xunit;
using static TorchSharp.torch;

namespace ModelCompiler.Runtime.Tests.Oracle;

/// <summary>
/// SPEC §3: <c>SaveSafetensors</c> writes the state dict of the equivalent PyTorch module — libtorch's strict
/// <c>load_state_dict</c> accepts it and then computes the same outputs — and a file holding a PyTorch module's
/// state dict loads into the model. Files are read and written here by code independent of the runtime's.
/// </summary>
public sealed class SafetensorsInteropTests
{
    public static IEnumerable<object[]> Specs()
    {
        yield return [new NetworkSpec(5, 4, false, 2, 3, [new RecurrentSpec("encoder", CellKind.Lstm, 7, Layers: 2, Bidirectional: true), new DenseSpec("head", 3, Activation.Softmax)])];
        yield return [new NetworkSpec(1, 6, false, 2, 4, [new EmbeddingSpec("embedding", 9, 4), new RecurrentSpec("gru", CellKind.Gru, 5, ReturnSequences: true), new DenseSpec("tagger", 2)])];
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void SavedFileLoadsStrictlyIntoTheTorchModuleAndGivesTheSameOutputs(NetworkSpec spec)
    {
        using var directory = new TemporaryDirectory();
        var network = new Network(spec);
        string path = Path.Combine(directory.Path, "model.safetensors");
        network.SaveSafetensors(path);

        using var scope = NewDisposeScope();
        using var torchModel = new TorchModel(spec, parameters: null);
        torchModel.LoadStateDict(ReadIndependently(path).ToDictionary(t => t.Key, t => tensor(t.Value.Data, t.Value.Shape, float32)));
        AssertSameOutputs(spec, network, torchModel);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void APyTorchStateDictLoadsIntoTheModel(NetworkSpec spec)
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        manual_seed(17);
        using var torchModel = new TorchModel(spec, parameters: null);
        string path = Path.Combine(directory.Path, "from-torch.safetensors");
        WriteIndependently(path, torchModel.StateDict());

        var network = new Network(spec);
        network.LoadSafetensors(path);
        AssertSameOutputs(spec, network, torchModel);
    }

    private static void AssertSameOutputs(NetworkSpec spec, Network network, TorchModel torchModel)
    {
        int steps = spec.Steps;
        int length = network.TokenInput ? steps : steps * spec.InputSize;
        var output = new float[network.SequenceOutput ? steps * network.OutputSize : network.OutputSize];
        Tensor input;
        if (network.TokenInput)
        {
            int[] tokens = TestModels.Classes(length, ((EmbeddingSpec)spec.Layers[0]).Vocab, 1);
            network.Predict(tokens, output);
            input = tensor(tokens.Select(t => (long)t).ToArray(), new long[] { 1, steps }, int64);
        }
        else
        {
            float[] features = TestModels.Inputs(length, 2);
            network.Predict(features, output);
            input = tensor(features.Select(v => (double)v).ToArray(), new long[] { 1, steps, spec.InputSize }, float64);
        }
        using var _ = no_grad();
        double[] expected = torchModel.Run(input).Output.reshape(-1).data<double>().ToArray();
        OracleAssert.Close("outputs", expected, output, 1e-5, 1e-6);
    }

    /// <summary>A minimal safetensors reader: 8-byte header length, JSON header, little-endian F32 data.</summary>
    internal static Dictionary<string, (float[] Data, long[] Shape)> ReadIndependently(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = checked((int)BitConverter.ToUInt64(bytes, 0));
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var tensors = new Dictionary<string, (float[], long[])>();
        foreach (JsonProperty entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            Assert.Equal("F32", entry.Value.GetProperty("dtype").GetString());
            long[] shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            int[] offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
            var data = new float[(offsets[1] - offsets[0]) / 4];
            Buffer.BlockCopy(bytes, 8 + headerLength + offsets[0], data, 0, offsets[1] - offsets[0]);
            tensors[entry.Name] = (data, shape);
        }
        return tensors;
    }

    /// <summary>A minimal safetensors writer, as <c>safetensors.torch.save_file</c> lays files out.</summary>
    internal static void WriteIndependently(string path, Dictionary<string, Tensor> stateDict)
    {
        var header = new StringBuilder("{");
        var data = new List<byte>();
        foreach ((string name, Tensor value) in stateDict.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            float[] values = value.contiguous().data<float>().ToArray();
            int begin = data.Count;
            foreach (float v in values) data.AddRange(BitConverter.GetBytes(v));
            if (header.Length > 1) header.Append(',');
            header.Append($"\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", value.shape)}],\"data_offsets\":[{begin},{data.Count}]}}");
        }
        header.Append('}');
        while (header.Length % 8 != 0) header.Append(' ');
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        using FileStream file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)headerBytes.Length));
        file.Write(headerBytes);
        file.Write(data.ToArray());
    }
}
