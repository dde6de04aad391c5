using System;
using System.Runtime.InteropServices;
using ModelCompiler.Runtime.Kernels;
using ModelCompiler.Runtime.Simd;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// The element-wise part of one recurrent step for one sequence (after the matrix products), forward and
/// backward, vectorized over the padded hidden units. Gate blocks are laid out one after another, each
/// <c>hp</c> floats long (PyTorch gate order). <c>xg</c> is W_ih·x + b_ih, <c>rh</c> is W_hh·h + b_hh.
/// </summary>
internal static class CellMath<TIsa, TVec>
    where TIsa : struct, ISimd<TVec>
    where TVec : struct
{
    /// <summary>
    /// LSTM: i, f, o = σ(·), g = tanh(·); c' = f⊙c + i⊙g and h' = o⊙tanh(c'), each one fused quotient
    /// (<see cref="VectorMath{TIsa, TVec}.LstmCellState(TVec, TVec, TVec, TVec, out TVec, out TVec, out TVec)"/>,
    /// <see cref="VectorMath{TIsa, TVec}.TanhTimesSigmoid"/>). Updates <paramref name="c"/> and
    /// <paramref name="h"/> in place, keeps (i, f, g, o) in <paramref name="gates"/> and h' in <paramref name="output"/>.
    /// </summary>
    public static void LstmForward(ReadOnlySpan<float> xg, ReadOnlySpan<float> rh, Span<float> gates, Span<float> c, Span<float> h, Span<float> output, int hp)
    {
        ref float x = ref MemoryMarshal.GetReference(xg);
        ref float r = ref MemoryMarshal.GetReference(rh);
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float cell = ref MemoryMarshal.GetReference(c);
        ref float hidden = ref MemoryMarshal.GetReference(h);
        ref float outRow = ref MemoryMarshal.GetReference(output);
        nuint f0 = (nuint)hp, g0 = (nuint)(2 * hp), o0 = (nuint)(3 * hp);
        for (nuint j = 0; j < (nuint)hp; j += (nuint)TIsa.Width)
        {
            TVec preI = TIsa.Add(TIsa.Load(ref x, j), TIsa.Load(ref r, j));
            TVec preF = TIsa.Add(TIsa.Load(ref x, f0 + j), TIsa.Load(ref r, f0 + j));
            TVec preG = TIsa.Add(TIsa.Load(ref x, g0 + j), TIsa.Load(ref r, g0 + j));
            TVec preO = TIsa.Add(TIsa.Load(ref x, o0 + j), TIsa.Load(ref r, o0 + j));
            TVec o = VectorMath<TIsa, TVec>.Sigmoid(preO); // kept for backward
            // c' and h' each with one division on the step's critical path (the compiled streaming step computes them
            // the same way); i, f, g come from the parts of c's quotient and are kept for backward.
            TVec newCell = VectorMath<TIsa, TVec>.LstmCellState(preI, preF, preG, TIsa.Load(ref cell, j), out TVec i, out TVec f, out TVec g);
            TVec newHidden = VectorMath<TIsa, TVec>.TanhTimesSigmoid(newCell, preO);
            TIsa.Store(i, ref a, j);
            TIsa.Store(f, ref a, f0 + j);
            TIsa.Store(g, ref a, g0 + j);
            TIsa.Store(o, ref a, o0 + j);
            TIsa.Store(newCell, ref cell, j);
            TIsa.Store(newHidden, ref hidden, j);
            TIsa.Store(newHidden, ref outRow, j);
        }
    }

    /// <summary>
    /// LSTM backward for one step. <paramref name="dh"/> is dL/dh' and <paramref name="dc"/> the carried dL/dc'
    /// (replaced by dL/dc). Writes the pre-activation gradients (the same for the input and recurrent products).
    /// </summary>
    public static void LstmBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cell, ReadOnlySpan<float> previousCell, ReadOnlySpan<float> dh, Span<float> dc, Span<float> dPre, int hp)
    {
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float cNew = ref MemoryMarshal.GetReference(cell);
        ref float cOld = ref MemoryMarshal.GetReference(previousCell);
        ref float dHidden = ref MemoryMarshal.GetReference(dh);
        ref float dCell = ref MemoryMarshal.GetReference(dc);
        ref float d = ref MemoryMarshal.GetReference(dPre);
        nuint f0 = (nuint)hp, g0 = (nuint)(2 * hp), o0 = (nuint)(3 * hp);
        TVec one = TIsa.Broadcast(1f);
        for (nuint j = 0; j < (nuint)hp; j += (nuint)TIsa.Width)
        {
            TVec i = TIsa.Load(ref a, j), f = TIsa.Load(ref a, f0 + j), g = TIsa.Load(ref a, g0 + j), o = TIsa.Load(ref a, o0 + j);
            TVec tanhCell = VectorMath<TIsa, TVec>.Tanh(TIsa.Load(ref cNew, j));
            TVec dH = TIsa.Load(ref dHidden, j);
            // dL/dc = carried + dh·o·(1 − tanh²c)
            TVec dC = TIsa.MultiplyAdd(TIsa.Multiply(dH, o), TIsa.Subtract(one, TIsa.Multiply(tanhCell, tanhCell)), TIsa.Load(ref dCell, j));
            TVec dI = TIsa.Multiply(TIsa.Multiply(dC, g), TIsa.Multiply(i, TIsa.Subtract(one, i)));
            TVec dF = TIsa.Multiply(TIsa.Multiply(dC, TIsa.Load(ref cOld, j)), TIsa.Multiply(f, TIsa.Subtract(one, f)));
            TVec dG = TIsa.Multiply(TIsa.Multiply(dC, i), TIsa.Subtract(one, TIsa.Multiply(g, g)));
            TVec dO = TIsa.Multiply(TIsa.Multiply(dH, tanhCell), TIsa.Multiply(o, TIsa.Subtract(one, o)));
            TIsa.Store(dI, ref d, j);
            TIsa.Store(dF, ref d, f0 + j);
            TIsa.Store(dG, ref d, g0 + j);
            TIsa.Store(dO, ref d, o0 + j);
            TIsa.Store(TIsa.Multiply(dC, f), ref dCell, j);
        }
    }

    /// <summary>
    /// GRU (reset after the product): r, z = σ(·); n = tanh(xn + r⊙rn); h' = (1 − z)⊙n + z⊙h, computed as
    /// n + z⊙(h − n). Keeps (r, z, n) in <paramref name="gates"/> and rn (= W_hn·h + b_hn) in <paramref name="recurrentNew"/>.
    /// </summary>
    public static void GruForward(ReadOnlySpan<float> xg, ReadOnlySpan<float> rh, Span<float> gates, Span<float> recurrentNew, Span<float> h, Span<float> output, int hp)
    {
        ref float x = ref MemoryMarshal.GetReference(xg);
        ref float rec = ref MemoryMarshal.GetReference(rh);
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float rn = ref MemoryMarshal.GetReference(recurrentNew);
        ref float hidden = ref MemoryMarshal.GetReference(h);
        ref float outRow = ref MemoryMarshal.GetReference(output);
        nuint z0 = (nuint)hp, n0 = (nuint)(2 * hp);
        for (nuint j = 0; j < (nuint)hp; j += (nuint)TIsa.Width)
        {
            TVec r = VectorMath<TIsa, TVec>.Sigmoid(TIsa.Add(TIsa.Load(ref x, j), TIsa.Load(ref rec, j)));
            TVec z = VectorMath<TIsa, TVec>.Sigmoid(TIsa.Add(TIsa.Load(ref x, z0 + j), TIsa.Load(ref rec, z0 + j)));
            TVec hn = TIsa.Load(ref rec, n0 + j);
            TVec n = VectorMath<TIsa, TVec>.Tanh(TIsa.MultiplyAdd(r, hn, TIsa.Load(ref x, n0 + j)));
            TVec newHidden = TIsa.MultiplyAdd(z, TIsa.Subtract(TIsa.Load(ref hidden, j), n), n);
            TIsa.Store(r, ref a, j);
            TIsa.Store(z, ref a, z0 + j);
            TIsa.Store(n, ref a, n0 + j);
            TIsa.Store(hn, ref rn, j);
            TIsa.Store(newHidden, ref hidden, j);
            TIsa.Store(newHidden, ref outRow, j);
        }
    }

    /// <summary>
    /// GRU backward for one step. Writes the gradients of the input-product pre-activations
    /// (<paramref name="dInput"/>: r, z, n), the n block of the recurrent product's (<paramref name="dRecurrentNew"/>:
    /// r⊙dn; its r and z blocks are dInput's) and the direct part of dL/dh (<paramref name="dhDirect"/> = z⊙dh) that
    /// bypasses the recurrent product.
    /// </summary>
    public static void GruBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> recurrentNew, ReadOnlySpan<float> previousHidden, ReadOnlySpan<float> dh, Span<float> dInput, Span<float> dRecurrentNew, Span<float> dhDirect, int hp)
    {
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float rn = ref MemoryMarshal.GetReference(recurrentNew);
        ref float hOld = ref MemoryMarshal.GetReference(previousHidden);
        ref float dHidden = ref MemoryMarshal.GetReference(dh);
        ref float dx = ref MemoryMarshal.GetReference(dInput);
        ref float drecNew = ref MemoryMarshal.GetReference(dRecurrentNew);
        ref float direct = ref MemoryMarshal.GetReference(dhDirect);
        nuint z0 = (nuint)hp, n0 = (nuint)(2 * hp);
        TVec one = TIsa.Broadcast(1f);
        for (nuint j = 0; j < (nuint)hp; j += (nuint)TIsa.Width)
        {
            TVec r = TIsa.Load(ref a, j), z = TIsa.Load(ref a, z0 + j), n = TIsa.Load(ref a, n0 + j);
            TVec dH = TIsa.Load(ref dHidden, j);
            TVec dN = TIsa.Multiply(TIsa.Multiply(dH, TIsa.Subtract(one, z)), TIsa.Subtract(one, TIsa.Multiply(n, n)));
            TVec dZ = TIsa.Multiply(TIsa.Multiply(dH, TIsa.Subtract(TIsa.Load(ref hOld, j), n)), TIsa.Multiply(z, TIsa.Subtract(one, z)));
            TVec dR = TIsa.Multiply(TIsa.Multiply(dN, TIsa.Load(ref rn, j)), TIsa.Multiply(r, TIsa.Subtract(one, r)));
            TIsa.Store(dR, ref dx, j);
            TIsa.Store(dZ, ref dx, z0 + j);
            TIsa.Store(dN, ref dx, n0 + j);
            TIsa.Store(TIsa.Multiply(dN, r), ref drecNew, j);
            TIsa.Store(TIsa.Multiply(dH, z), ref direct, j);
        }
    }

    /// <summary>Elman RNN: h' = act(xg + rh), act = tanh or ReLU; h' is also kept in <paramref name="gates"/> for backward.</summary>
    public static void RnnForward(ReadOnlySpan<float> xg, ReadOnlySpan<float> rh, bool relu, Span<float> gates, Span<float> h, Span<float> output, int hp)
    {
        ref float a = ref MemoryMarshal.GetReference(gates);
        ref float x = ref MemoryMarshal.GetReference(xg);
        ref float rec = ref MemoryMarshal.GetReference(rh);
        ref float hidden = ref MemoryMarshal.GetReference(h);
        ref float outRow = ref MemoryMarshal.GetReference(output);
        for (nuint j = 0; j < (nuint)hp; j += (nuint)TIsa.Width)
        {
            TVec pre = TIsa.Add(TIsa.Load(ref x, j), TIsa.Load(ref rec, j));
            TVec newHidden = relu ? VectorMath<TIsa, TVec>.Relu(pre) : VectorMath<TIsa, TVec>.Tanh(pre);
            TIsa.Store(newHidden, ref a, j);
            TIsa.Store(newHidden, ref hidden, j);
            TIsa.Store(newHidden, ref outRow, j);
        }
    }

    /// <summary>Elman RNN backward: dPre = dh·(1 − h'²) for tanh, dh·[h' &gt; 0] for ReLU.</summary>
    public static void RnnBackward(ReadOnlySpan<float> hidden, ReadOnlySpan<float> dh, bool relu, Span<float> dPre, int hp)
    {
        ref float h = ref MemoryMarshal.GetReference(hidden);
        ref float dHidden = ref MemoryMarshal.GetReference(dh);
        ref float d = ref MemoryMarshal.GetReference(dPre);
        TVec one = TIsa.Broadcast(1f);
        for (nuint j = 0; j < (nuint)hp; j += (nuint)TIsa.Width)
        {
            TVec value = TIsa.Load(ref h, j);
            TVec dH = TIsa.Load(ref dHidden, j);
            TVec derivative = relu
                ? TIsa.SelectGreaterThan(value, TIsa.Zero, dH, TIsa.Zero)
                : TIsa.Multiply(dH, TIsa.Subtract(one, TIsa.Multiply(value, value)));
            TIsa.Store(derivative, ref d, j);
        }
    }
}
