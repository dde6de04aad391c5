namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// A compile-time count for a register tile. Passed as a struct type argument so the JIT specializes the tile
/// kernel per shape: guards like <c>if (TRows.Value &gt; 2)</c> fold away and unused accumulators vanish.
/// </summary>
internal interface ITileCount
{
    static abstract int Value { get; }
}

internal readonly struct TileOne : ITileCount
{
    public static int Value => 1;
}

internal readonly struct TileTwo : ITileCount
{
    public static int Value => 2;
}

internal readonly struct TileThree : ITileCount
{
    public static int Value => 3;
}

internal readonly struct TileFour : ITileCount
{
    public static int Value => 4;
}

internal readonly struct TileEight : ITileCount
{
    public static int Value => 8;
}

internal readonly struct TileTwelve : ITileCount
{
    public static int Value => 12;
}
