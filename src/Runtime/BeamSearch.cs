using System;

namespace ModelCompiler.Runtime;

/// <summary>
/// Beam search over a token decoder streamed from a start state: the <c>width</c> best partial sequences by their sum
/// of log-probabilities live on; a hypothesis ends when the decoder writes the end token, and the search stops when
/// the best ended one scores at least every live one (scores only fall as tokens are added) or the output is full.
/// Buffers grow to the largest width and length asked for and are reused, so repeated searches allocate nothing.
/// </summary>
internal sealed class BeamSearch
{
    private readonly Network _decoder;
    private readonly int _stateSize, _classes;
    private readonly bool _probabilities; // the decoder's head is a softmax (else logits)
    private readonly float[] _outputs;
    private readonly double[] _logProbabilities;

    private int _width = -1, _length = -1;
    // Live hypotheses and the next generation: states (after their last token was read), tokens so far, scores.
    private float[] _states = [], _nextStates = [], _stepStates = [];
    private int[] _tokens = [], _nextTokens = [];
    private double[] _scores = [], _nextScores = [];
    // The best candidates of a step, best first: which hypothesis they extend, with which token, at what score.
    private int[] _candidateBeam = [], _candidateToken = [];
    private double[] _candidateScore = [];
    private int[] _ended = [];

    public BeamSearch(Network decoder, bool probabilities)
    {
        _decoder = decoder;
        _stateSize = decoder.StateSize;
        _classes = decoder.OutputSize;
        _probabilities = probabilities;
        _outputs = new float[_classes];
        _logProbabilities = new double[_classes];
    }

    /// <summary>Writes the best sequence (the end token not included) to <paramref name="output"/>; returns its length.</summary>
    public int Run(ReadOnlySpan<float> initialState, int start, int end, Span<int> output, int width)
    {
        width = UsefulWidth(width, output.Length);
        Reserve(width, output.Length);
        int maxLength = output.Length, live = 1;
        initialState.CopyTo(_states);
        _scores[0] = 0;
        double bestEnded = double.NegativeInfinity;
        int endedLength = -1, filled = 0;
        for (int t = 0; t < maxLength && live > 0; t++)
        {
            int candidates = 0;
            for (int b = 0; b < live; b++)
            {
                _decoder.SetState(_states.AsSpan(b * _stateSize, _stateSize));
                _decoder.Step(t == 0 ? start : _tokens[b * maxLength + t - 1], _outputs);
                _decoder.GetState(_stepStates.AsSpan(b * _stateSize, _stateSize));
                LogProbabilities();
                for (int c = 0; c < _classes; c++)
                {
                    double score = _scores[b] + _logProbabilities[c];
                    if (c != end) candidates = Insert(candidates, width, b, c, score);
                    else if (score > bestEnded)
                    {
                        bestEnded = score;
                        endedLength = t;
                        _tokens.AsSpan(b * maxLength, t).CopyTo(_ended);
                    }
                }
            }
            // The next generation: the best candidates, each its hypothesis's tokens plus one, and the state after it.
            for (int i = 0; i < candidates; i++)
            {
                int b = _candidateBeam[i];
                _tokens.AsSpan(b * maxLength, t).CopyTo(_nextTokens.AsSpan(i * maxLength));
                _nextTokens[i * maxLength + t] = _candidateToken[i];
                _stepStates.AsSpan(b * _stateSize, _stateSize).CopyTo(_nextStates.AsSpan(i * _stateSize));
                _nextScores[i] = _candidateScore[i];
            }
            (_states, _nextStates) = (_nextStates, _states);
            (_tokens, _nextTokens) = (_nextTokens, _tokens);
            (_scores, _nextScores) = (_nextScores, _scores);
            (live, filled) = (candidates, t + 1);
            if (live > 0 && bestEnded >= _scores[0]) break; // no live hypothesis can overtake the best ended one
        }
        // A live hypothesis that filled the output wins over the ended ones only by a higher score (greedy decoding
        // also stops at a full output); one cut short by the stop above never does, unless nothing ended at all.
        bool liveWins = live > 0 && (endedLength < 0 || (filled == maxLength && _scores[0] > bestEnded));
        int length = liveWins ? filled : Math.Max(endedLength, 0);
        (liveWins ? _tokens.AsSpan(0, length) : _ended.AsSpan(0, length)).CopyTo(output);
        return length;
    }

    /// <summary>Inserts a candidate among the best <paramref name="width"/> (best first); returns the new count.</summary>
    private int Insert(int count, int width, int beam, int token, double score)
    {
        if (count == width && score <= _candidateScore[count - 1]) return count;
        int at = count == width ? count - 1 : count;
        while (at > 0 && _candidateScore[at - 1] < score)
        {
            _candidateBeam[at] = _candidateBeam[at - 1];
            _candidateToken[at] = _candidateToken[at - 1];
            _candidateScore[at] = _candidateScore[at - 1];
            at--;
        }
        _candidateBeam[at] = beam;
        _candidateToken[at] = token;
        _candidateScore[at] = score;
        return count == width ? count : count + 1;
    }

    /// <summary>The step's log-probabilities: log-softmax of logits, or the log of a softmax head's probabilities.</summary>
    private void LogProbabilities()
    {
        if (_probabilities)
        {
            for (int c = 0; c < _classes; c++) _logProbabilities[c] = Math.Log(_outputs[c]);
            return;
        }
        double max = double.NegativeInfinity;
        for (int c = 0; c < _classes; c++) max = Math.Max(max, _outputs[c]);
        double sum = 0;
        for (int c = 0; c < _classes; c++) sum += Math.Exp(_outputs[c] - max);
        double logSum = max + Math.Log(sum);
        for (int c = 0; c < _classes; c++) _logProbabilities[c] = _outputs[c] - logSum;
    }

    /// <summary>The most hypotheses that can ever be live: one after the start, at most <c>classes</c> times more each step.</summary>
    private int UsefulWidth(int width, int length)
    {
        long live = 1;
        for (int t = 1; t < length && live < width; t++) live = Math.Min(live * _classes, width);
        return (int)Math.Min(live, width);
    }

    /// <summary>The most floats (or ints) one buffer may take: a beam this wide is an exhaustive search gone astray.</summary>
    private const long MaxBuffer = 1L << 26;

    private void Reserve(int width, int length)
    {
        if (width <= _width && length <= _length) return;
        int newWidth = Math.Max(width, _width), newLength = Math.Max(length, _length);
        long largest = (long)newWidth * Math.Max(_stateSize, newLength);
        if (largest > MaxBuffer)
            throw new ArgumentOutOfRangeException("beamWidth", width, $"A beam of {newWidth} hypotheses of {_stateSize} state floats and up to {newLength} tokens needs buffers of {largest:N0} values, more than {MaxBuffer:N0}: use a narrower beam.");
        // Allocated before anything is recorded: a failure leaves the search as it was.
        var buffers = (new float[newWidth * _stateSize], new float[newWidth * _stateSize], new float[newWidth * _stateSize],
            new int[newWidth * newLength], new int[newWidth * newLength], new double[newWidth], new double[newWidth],
            new int[newWidth], new int[newWidth], new double[newWidth], new int[newLength]);
        (_states, _nextStates, _stepStates, _tokens, _nextTokens, _scores, _nextScores, _candidateBeam, _candidateToken, _candidateScore, _ended) = buffers;
        (_width, _length) = (newWidth, newLength);
    }
}
