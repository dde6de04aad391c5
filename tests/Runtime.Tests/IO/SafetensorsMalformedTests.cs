using System;
using System.Collections.Generic;
using System.IO;
using ModelCompiler.Runtime.IO;
using Xunit;

namespace ModelCompiler.Runtime.Tests.IO;

public sealed class SafetensorsMalformedTests
{
    private static readonly byte[] SixFloats = SafetensorsBytes.Floats(1, 2, 3, 4, 5, 6);

    private static string Tensor(string dtype, string shape, string offsets) =>
        $"{{\"a\":{{\"dtype\":{dtype},\"shape\":{shape},\"data_offsets\":{offsets}}}}}";

    /// <summary>Case name, file bytes, and a fragment the error message must contain.</summary>
    public static IEnumerable<object[]> MalformedFiles()
    {
        object[] Case(string name, byte[] file, string fragment) => new object[] { name, file, fragment };
        string valid = Tensor("\"F32\"", "[2,3]", "[0,24]");

        yield return Case("empty", Array.Empty<byte>(), "shorter than the 8-byte");
        yield return Case("seven bytes", new byte[7], "shorter than the 8-byte");
        yield return Case("header longer than file", SafetensorsBytes.Build(valid, SixFloats, declaredLength: 1000), "header length 1000 exceeds");
        yield return Case("header over cap", SafetensorsBytes.Build(valid, SixFloats, declaredLength: 200_000_000), "exceeds the limit");
        yield return Case("header length u64 max", SafetensorsBytes.Build(valid, SixFloats, declaredLength: ulong.MaxValue), "exceeds the limit");
        yield return Case("invalid json", SafetensorsBytes.Build("{\"a\":{\"dtype\":", SixFloats), "not valid JSON");
        yield return Case("not an object", SafetensorsBytes.Build("[1,2,3]", SixFloats), "must be a JSON object");
        yield return Case("invalid utf8", SafetensorsBytes.Build(new byte[] { (byte)'{', 0xff, 0xfe, (byte)'}', 32, 32, 32, 32 }, SixFloats, 8), "not valid UTF-8");
        yield return Case("unpaired surrogate name", SafetensorsBytes.Build("{\"\\ud800\":{}}", SixFloats), "not valid text");
        yield return Case("too deep", SafetensorsBytes.Build("{\"__metadata__\":{\"x\":[[[[[[[[[[1]]]]]]]]]}}", SixFloats), "not valid JSON");
        yield return Case("entry not object", SafetensorsBytes.Build("{\"a\":5}", SixFloats), "must be an object");
        yield return Case("missing dtype", SafetensorsBytes.Build("{\"a\":{\"shape\":[2,3],\"data_offsets\":[0,24]}}", SixFloats), "no 'dtype'");
        yield return Case("missing shape", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,24]}}", SixFloats), "no 'shape'");
        yield return Case("missing offsets", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3]}}", SixFloats), "no 'data_offsets'");
        yield return Case("dtype not string", SafetensorsBytes.Build(Tensor("4", "[2,3]", "[0,24]"), SixFloats), "'dtype' must be a string");
        yield return Case("unknown dtype", SafetensorsBytes.Build(Tensor("\"F33\"", "[2,3]", "[0,24]"), SixFloats), "unknown dtype 'F33'");
        yield return Case("shape not array", SafetensorsBytes.Build(Tensor("\"F32\"", "6", "[0,24]"), SixFloats), "'shape' must be an array");
        yield return Case("negative dim", SafetensorsBytes.Build(Tensor("\"F32\"", "[-2,-3]", "[0,24]"), SixFloats), "dimension 0 is -2");
        yield return Case("fractional dim", SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3.5]", "[0,24]"), SixFloats), "dimension 1 is 3.5");
        yield return Case("string dim", SafetensorsBytes.Build(Tensor("\"F32\"", "[\"2\",3]", "[0,24]"), SixFloats), "dimension 0 is \"2\"");
        yield return Case("dim over int", SafetensorsBytes.Build(Tensor("\"F32\"", "[6000000000]", "[0,24]"), SixFloats), "dimension 0 is 6000000000");
        yield return Case("shape overflow", SafetensorsBytes.Build(Tensor("\"F32\"", "[2147483647,2147483647,2147483647,0]", "[0,0]"), SixFloats), "overflows");
        yield return Case("offsets not pair", SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3]", "[0,24,48]"), SixFloats), "must be an array [begin, end]");
        yield return Case("negative offset", SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3]", "[-24,0]"), SixFloats), "begin is -24");
        yield return Case("fractional offset", SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3]", "[0,24.5]"), SixFloats), "end is 24.5");
        yield return Case("begin after end", SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3]", "[24,0]"), SixFloats), "begin 24 is after end 0");
        yield return Case("offset out of range", SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3]", "[0,4000000000000]"), SixFloats), "past the 24-byte data buffer");
        yield return Case("truncated data", SafetensorsBytes.Build(valid, SixFloats.AsSpan(0, 20)), "past the 20-byte data buffer");
        yield return Case("size mismatch", SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3]", "[0,20]"), SixFloats.AsSpan(0, 20)), "needs 24");
        yield return Case("trailing bytes", SafetensorsBytes.Build(valid, new byte[28]), "cover only 24");
        yield return Case("gap", SafetensorsBytes.Build(Tensor("\"F32\"", "[5]", "[4,24]"), SixFloats), "gap of 4 bytes");
        yield return Case("overlap", SafetensorsBytes.Build(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[20,24]}}", SixFloats), "overlaps");
        yield return Case("duplicate name", SafetensorsBytes.Build(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[12,24]}}", SixFloats), "more than once");
        yield return Case("metadata not object", SafetensorsBytes.Build("{\"__metadata__\":[1]," + valid[1..], SixFloats), "must be an object of strings");
        yield return Case("metadata value not string", SafetensorsBytes.Build("{\"__metadata__\":{\"epoch\":3}," + valid[1..], SixFloats), "'epoch' must be a string");
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void ReaderRejectsWithInvalidDataException(string name, byte[] file, string fragment)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File(name + ".safetensors");
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsReader.Read(path));

        Assert.Contains(fragment, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void FailedLoadLeavesTheSetUnchanged(string name, byte[] file, string fragment)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File(name + ".safetensors");
        File.WriteAllBytes(path, file);
        int notifications = 0;
        ParameterSet set = TestSets.SingleA(() => notifications++);
        notifications = 0;

        var error = Assert.Throws<InvalidDataException>(() => set.LoadSafetensors(path));

        Assert.Contains(fragment, error.Message);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, set.GetSpan("a").ToArray());
        Assert.Equal(0, notifications);
    }

    [Fact]
    public void TheValidBaseFileOfTheseCasesLoads()
    {
        // Guards the cases above: each differs from this file in one way, so they fail for that reason alone.
        byte[] file = SafetensorsBytes.Build(Tensor("\"F32\"", "[2,3]", "[0,24]"), SafetensorsBytes.Floats(6, 5, 4, 3, 2, 1));

        SafetensorsTensor a = SafetensorsReader.Parse(file, "memory").GetTensor("a");

        Assert.Equal(new float[] { 6, 5, 4, 3, 2, 1 }, a.ToFloatArray());
    }
}
