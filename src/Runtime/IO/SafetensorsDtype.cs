namespace ModelCompiler.Runtime.IO;

/// <summary>The element types a safetensors header may name, and their sizes in bytes.</summary>
public static class SafetensorsDtype
{
    /// <summary>32-bit IEEE float, the only type the runtime reads as numbers.</summary>
    public const string F32 = "F32";

    /// <summary>Bytes per element, or 0 for a name the format does not define.</summary>
    public static int SizeOf(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E4M3" or "F8_E5M2" => 1,
        "U16" or "I16" or "F16" or "BF16" => 2,
        "U32" or "I32" or "F32" => 4,
        "U64" or "I64" or "F64" => 8,
        _ => 0,
    };
}
