using System;

namespace ModelCompiler.Runtime.Training;

/// <summary>
/// A small seeded generator (SplitMix64) for initialization, dropout masks and shuffling. Same seed, same
/// numbers on every machine and path; <see cref="System.Random"/> makes no such promise across .NET versions.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    /// <summary>A generator whose sequence <paramref name="seed"/> alone decides.</summary>
    public DeterministicRandom(long seed) => _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);

    /// <summary>The full internal state, for checkpoints.</summary>
    public ulong State
    {
        get => _state;
        set => _state = value;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits (exactly representable floats).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [−bound, bound).</summary>
    public float NextUniform(float bound) => (2f * NextFloat() - 1f) * bound;

    /// <summary>Standard normal (Box–Muller, computed in double).</summary>
    public float NextGaussian()
    {
        double u1 = ((NextUInt64() >> 11) + 1.0) * (1.0 / (1UL << 53));
        double u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count) => (int)((NextUInt64() >> 33) % (ulong)count);
}
