using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using ModelCompiler.Runtime.IO;
using ModelCompiler.Runtime.Memory;
using Xunit;

namespace ModelCompiler.Runtime.Tests.IO;

public sealed class SafetensorsRoundTripTests
{
    // What PyTorch's safetensors.torch.save_file writes for {"a": torch.arange(1, 7, dtype=torch.float32).reshape(2, 3)}.
    private const string GoldenHeader = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";

    private static byte[] GoldenFile() => SafetensorsBytes.Build(GoldenHeader, SafetensorsBytes.Floats(1, 2, 3, 4, 5, 6));

    [Fact]
    public void SaveThenLoadRestoresEveryTensor()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.safetensors");
        ParameterSet saved = TestSets.WeightAndBias();
        saved.SaveSafetensors(path);
        int notifications = 0;
        ParameterSet loaded = TestSets.WeightAndBias(() => notifications++);
        loaded.CopyFrom("layer.weight", new float[6]);
        loaded.CopyFrom("layer.bias", new float[3]);
        notifications = 0;

        loaded.LoadSafetensors(path);

        Assert.Equal(1, notifications);
        foreach (string name in saved.Names)
            Assert.Equal(saved.GetSpan(name).ToArray(), loaded.GetSpan(name).ToArray());
    }

    [Fact]
    public void WrittenFileMatchesTheFormatByteForByte()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.safetensors");
        TestSets.WeightAndBias().SaveSafetensors(path);
        byte[] file = File.ReadAllBytes(path);

        // A minimal parser of its own: length field, literal header, then raw little-endian floats.
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, (int)headerLength);
        Assert.Equal(0UL, headerLength % 8);
        Assert.Equal(
            "{\"layer.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}," +
            "\"layer.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}",
            header.TrimEnd(' '));
        int dataStart = 8 + (int)headerLength;
        Assert.Equal(dataStart + 36, file.Length);
        var values = new float[9];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(dataStart + 4 * i));
        Assert.Equal(new float[] { 100, 101, 102, 103, 104, 105, 116, 117, 118 }, values);
    }

    [Fact]
    public void LoadsAFileAsPyTorchWritesIt()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("golden.safetensors");
        File.WriteAllBytes(path, GoldenFile());
        var set = new ParameterSet(new[] { new ParameterInfo("a", new[] { 2, 3 }, 0) }, new AlignedBuffer(6));

        set.LoadSafetensors(path);

        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, set.GetSpan("a").ToArray());
    }

    [Fact]
    public void WritesTheSameBytesAsPyTorch()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("a.safetensors");

        TestSets.SingleA().SaveSafetensors(path);

        Assert.Equal(GoldenFile(), File.ReadAllBytes(path));
    }

    [Fact]
    public void SaveLeavesNoTemporaryFileAndReplacesTheOldOne()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.safetensors");
        File.WriteAllText(path, "old contents");

        TestSets.SingleA().SaveSafetensors(path);

        Assert.Equal(new[] { path }, Directory.GetFiles(directory.Path));
        Assert.Equal(GoldenFile(), File.ReadAllBytes(path));
    }

    [Fact]
    public void FailedSaveLeavesNoTemporaryFile()
    {
        using var directory = new TemporaryDirectory();
        // A directory in the way makes the final rename fail after the temporary file was written.
        string path = directory.File("model.safetensors");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => TestSets.SingleA().SaveSafetensors(path));

        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void CheckpointKeepsParametersOptimizerStateAndMetadataInOneFile()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("checkpoint.safetensors");
        ParameterSet parameters = TestSets.WeightAndBias();
        var writer = new SafetensorsWriter(new Dictionary<string, string> { ["epoch"] = "3", ["step"] = "120" });
        parameters.WriteTensors(writer, "param.");
        writer.Add("adam.m", new[] { 9 }, new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        writer.Save(path);

        SafetensorsFile file = SafetensorsReader.Read(path);
        ParameterSet restored = TestSets.WeightAndBias();
        restored.CopyFrom("layer.bias", new float[3]);
        restored.ReadTensors(file, "param.");

        Assert.Equal("3", file.GetMetadata("epoch"));
        Assert.Equal("120", file.Metadata["step"]);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, file.GetTensor("adam.m").ToFloatArray());
        Assert.Equal(new[] { 9 }, file.GetTensor("adam.m").Shape.ToArray());
        Assert.Equal(parameters.GetSpan("layer.bias").ToArray(), restored.GetSpan("layer.bias").ToArray());
        Assert.Throws<InvalidDataException>(() => file.GetTensor("adam.v"));
    }

    [Fact]
    public void ReadsMetadataAndOtherDtypes()
    {
        string header = "{\"__metadata__\":{\"format\":\"pt\"},\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        SafetensorsFile file = SafetensorsReader.Parse(SafetensorsBytes.Build(header, new byte[16]), "memory");

        Assert.Equal("pt", file.Metadata["format"]);
        SafetensorsTensor ids = Assert.Single(file.Tensors);
        Assert.Equal("I64", ids.Dtype);
        Assert.Equal(16, ids.Data.Length);
        Assert.Throws<InvalidDataException>(() => ids.ToFloatArray());
    }

    [Fact]
    public void WriterRejectsDataThatDoesNotMatchTheShape()
    {
        var writer = new SafetensorsWriter();
        writer.Add("a", new[] { 2 }, new float[2]);

        Assert.Throws<ArgumentException>(() => writer.Add("b", new[] { 2, 3 }, new float[5]));
        Assert.Throws<ArgumentException>(() => writer.Add("a", new[] { 2 }, new float[2]));
        Assert.Throws<ArgumentException>(() => writer.Add("__metadata__", new[] { 1 }, new float[1]));
    }
}
