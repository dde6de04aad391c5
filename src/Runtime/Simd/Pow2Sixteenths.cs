using System;

namespace ModelCompiler.Runtime.Simd;

/// <summary>The table of <see cref="ISimd{TVec}.Pow2Sixteenths"/>: 2^(j/16), j = 0…15, rounded to float.</summary>
public static class Pow2Sixteenths
{
    /// <summary>2^(j/16) rounded to the nearest float.</summary>
    public static ReadOnlySpan<float> Table => [1f, 1.04427373f, 1.09050775f, 1.13878858f, 1.18920708f, 1.24185777f, 1.29683959f, 1.35425556f, 1.41421354f, 1.47682619f, 1.54221082f, 1.61049032f, 1.68179286f, 1.75625217f, 1.8340081f, 1.91520655f];
}
