using System.IO;
using ModelCompiler.Runtime.Memory;
using Xunit;

namespace ModelCompiler.Runtime.Tests.IO;

public sealed class StrictLoadTests
{
    private static ParameterSet ThreeTensors()
    {
        var entries = new[]
        {
            new ParameterInfo("w", new[] { 2, 3 }, 0),
            new ParameterInfo("b", new[] { 3 }, 6),
            new ParameterInfo("h", new[] { 2 }, 9),
        };
        var set = new ParameterSet(entries, new AlignedBuffer(11));
        set.AsSpan().Fill(7);
        return set;
    }

    private static ParameterSet LoadFile(string header, byte[] data, out InvalidDataException error)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("bad.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Build(header, data));
        ParameterSet set = ThreeTensors();
        error = Assert.Throws<InvalidDataException>(() => set.LoadSafetensors(path));
        return set;
    }

    [Fact]
    public void MissingUnexpectedAndWrongShapeAreReportedTogether()
    {
        // "w" has the wrong shape, "b" is missing, "extra" is unexpected; "h" is fine.
        string header =
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}," +
            "\"h\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}," +
            "\"extra\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[32,36]}}";

        ParameterSet set = LoadFile(header, new byte[36], out InvalidDataException error);

        Assert.Contains("tensor 'w' has shape [3, 2], expected [2, 3]", error.Message);
        Assert.Contains("missing tensor 'b'", error.Message);
        Assert.Contains("unexpected tensor 'extra'", error.Message);
        Assert.DoesNotContain("'h'", error.Message);
        Assert.All(set.AsSpan().ToArray(), value => Assert.Equal(7f, value));
    }

    [Fact]
    public void AnExtraPrefixOnEveryNameIsPointedOut()
    {
        // nn.DataParallel's state dict: every name under "module.".
        string header =
            "{\"module.w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}," +
            "\"module.b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}," +
            "\"module.h\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[36,44]}}";
        LoadFile(header, new byte[44], out InvalidDataException error);
        Assert.Contains("missing tensor 'w'", error.Message);
        Assert.Contains("under the extra prefix 'module.'", error.Message);

        // Only some names under it: no hint.
        string partial =
            "{\"module.w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}}";
        LoadFile(partial, new byte[36], out InvalidDataException noHint);
        Assert.DoesNotContain("prefix", noHint.Message);
    }

    [Fact]
    public void WrongDtypeIsReported()
    {
        string header =
            "{\"w\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]}," +
            "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[60,64]}}";

        ParameterSet set = LoadFile(header, new byte[64], out InvalidDataException error);

        Assert.Contains("tensor 'w' has dtype F64, expected F32", error.Message);
        Assert.Contains("save module.float().state_dict()", error.Message);
        Assert.Contains("tensor 'h' has dtype F16, expected F32", error.Message);
        Assert.Contains("2 problem(s)", error.Message);
        Assert.All(set.AsSpan().ToArray(), value => Assert.Equal(7f, value));
    }

    [Fact]
    public void NonFiniteWeightsAreReportedAndNothingIsLoaded()
    {
        string header =
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]}," +
            "\"h\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[36,44]}}";
        byte[] data = SafetensorsBytes.Floats(1, 2, 3, 4, 5, 6, 0, float.NaN, 0, 1, float.PositiveInfinity);

        ParameterSet set = LoadFile(header, data, out InvalidDataException error);

        Assert.Contains("tensor 'b' holds a non-finite value at index 1", error.Message);
        Assert.Contains("tensor 'h' holds a non-finite value at index 1", error.Message);
        Assert.DoesNotContain("'w'", error.Message);
        Assert.All(set.AsSpan().ToArray(), value => Assert.Equal(7f, value));
    }
}
