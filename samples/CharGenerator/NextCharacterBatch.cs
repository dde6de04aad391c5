using System;

namespace CharGenerator;

/// <summary>
/// Reusable buffers for one minibatch of windows: the characters <c>[start, start + Steps)</c> as inputs and
/// <c>[start + 1, start + Steps]</c> as per-step targets. Filling allocates nothing.
/// </summary>
public sealed class NextCharacterBatch
{
    private const int Steps = CharLanguageModel.Steps;
    private readonly int[] _inputs = new int[CharLanguageModel.BatchSize * Steps];
    private readonly int[] _targets = new int[CharLanguageModel.BatchSize * Steps];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Inputs => _inputs.AsSpan(0, Count * Steps);
    public ReadOnlySpan<int> Targets => _targets.AsSpan(0, Count * Steps);

    /// <summary>Takes up to <see cref="CharLanguageModel.BatchSize"/> windows of <paramref name="text"/> starting at <c>starts[first..]</c>.</summary>
    public void Fill(ReadOnlySpan<int> text, ReadOnlySpan<int> starts, int first)
    {
        Count = Math.Min(CharLanguageModel.BatchSize, starts.Length - first);
        for (int row = 0; row < Count; row++)
        {
            int start = starts[first + row];
            text.Slice(start, Steps).CopyTo(_inputs.AsSpan(row * Steps, Steps));
            text.Slice(start + 1, Steps).CopyTo(_targets.AsSpan(row * Steps, Steps));
        }
    }
}
