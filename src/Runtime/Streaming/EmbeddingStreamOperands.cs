using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Memory;

namespace ModelCompiler.Runtime.Streaming;

/// <summary>
/// What a generated streaming kernel reads for an Embedding layer: the table itself (PyTorch layout
/// <c>[Vocabulary, Dimension]</c>, in the network's parameter storage), whose row for a token is the step's input.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class EmbeddingStreamOperands
{
    private readonly AlignedBuffer _storage;
    private readonly int _offset;

    internal EmbeddingStreamOperands(int vocabulary, int dimension, AlignedBuffer storage, int offset)
    {
        Vocabulary = vocabulary;
        Dimension = dimension;
        (_storage, _offset) = (storage, offset);
    }

    /// <summary>Rows of the table.</summary>
    public int Vocabulary { get; }

    /// <summary>Floats per row.</summary>
    public int Dimension { get; }

    /// <summary>The first float of <paramref name="token"/>'s row; the caller has checked the token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Row(int token) => ref Unsafe.Add(ref MemoryMarshal.GetReference(_storage.Span), _offset + token * Dimension);
}
