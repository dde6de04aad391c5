using System;

namespace ModelCompiler.Runtime.Layers;

/// <summary>
/// Where the features of one step live inside a padded internal row. A row is made of segments, each a run of
/// real features followed by zeros up to a 64-byte boundary, so every segment starts aligned and vector loops
/// never need a tail. A bidirectional output has two segments (forward, reverse); everything else has one.
/// </summary>
internal sealed class FeatureLayout
{
    private readonly int[] _columnOfFeature;

    private FeatureLayout(int segmentWidth, int segments)
    {
        SegmentWidth = segmentWidth;
        SegmentPadded = Memory.AlignedBuffer.RoundUp(segmentWidth);
        Segments = segments;
        _columnOfFeature = new int[segmentWidth * segments];
        for (int feature = 0; feature < _columnOfFeature.Length; feature++)
        {
            _columnOfFeature[feature] = feature / segmentWidth * SegmentPadded + feature % segmentWidth;
        }
    }

    /// <summary>One segment of <paramref name="width"/> features.</summary>
    public static FeatureLayout Plain(int width) => new(width, 1);

    /// <summary><paramref name="segments"/> segments of <paramref name="width"/> features each (bidirectional: 2).</summary>
    public static FeatureLayout Segmented(int width, int segments) => new(width, segments);

    /// <summary>Real features per segment.</summary>
    public int SegmentWidth { get; }

    /// <summary>Floats per segment, padded to 16.</summary>
    public int SegmentPadded { get; }

    /// <summary>Number of segments.</summary>
    public int Segments { get; }

    /// <summary>Real features in a row (PyTorch's width).</summary>
    public int Width => SegmentWidth * Segments;

    /// <summary>Floats per internal row.</summary>
    public int Padded => SegmentPadded * Segments;

    /// <summary>
    /// Columns a product over this row must read: the real features when they are contiguous (the zero padding
    /// after them adds nothing), the whole padded row when padding sits between segments.
    /// </summary>
    public int Depth => Segments == 1 ? SegmentWidth : Padded;

    /// <summary>Internal column of PyTorch feature <paramref name="feature"/>.</summary>
    public int ColumnOf(int feature) => _columnOfFeature[feature];

    /// <summary>Copies a PyTorch row (<see cref="Width"/> values) into an internal row, zeroing the padding.</summary>
    public void Scatter(ReadOnlySpan<float> features, Span<float> row)
    {
        for (int segment = 0; segment < Segments; segment++)
        {
            Span<float> target = row.Slice(segment * SegmentPadded, SegmentPadded);
            features.Slice(segment * SegmentWidth, SegmentWidth).CopyTo(target);
            target.Slice(SegmentWidth).Clear();
        }
    }

    /// <summary>Copies an internal row back to a PyTorch row.</summary>
    public void Gather(ReadOnlySpan<float> row, Span<float> features)
    {
        for (int segment = 0; segment < Segments; segment++)
        {
            row.Slice(segment * SegmentPadded, SegmentWidth).CopyTo(features.Slice(segment * SegmentWidth, SegmentWidth));
        }
    }
}
