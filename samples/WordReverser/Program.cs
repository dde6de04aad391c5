using System;
using System.IO;
using System.Linq;
using ModelCompiler.Runtime;
using ModelCompiler.Runtime.Data;
using ModelCompiler.Runtime.Fitting;
using WordReverser;

// Sequence to sequence on real words: an encoder reads a word of the English fortunes, a decoder started from the
// encoder's final state writes it backwards. The two train as one model (EncoderDecoder: the decoder's loss reaches
// the encoder through the state) in the runtime's Trainer. The decoder alone could not do it: the first letter it
// writes is the word's last, which only the encoder's state carries. Held-out words are decoded greedily, feeding back
// each letter, and with a beam search.
int[][] words = Letters.Words(Path.Combine(AppContext.BaseDirectory, "data", "fortunes-en.txt"), seed: 5);
int holdOut = words.Length / 10;
int[][] test = words[..holdOut], validation = words[holdOut..(2 * holdOut)], train = words[(2 * holdOut)..];
Console.WriteLine($"{words.Length} distinct words of 3 to {Letters.MaxWord} letters: {train.Length} to train, {validation.Length} to validate, {test.Length} to test");
Console.WriteLine(WordEncoder.Summary);
Console.WriteLine(ReversedWordDecoder.Summary);

var encoder = new WordEncoder();
var decoder = new ReversedWordDecoder();
var pair = new EncoderDecoder(encoder, decoder);
// The runtime's training loop takes the pair as it takes one model: shuffled minibatches of pairs, a cosine schedule,
// the decoder's validation loss and letter accuracy (teacher forcing) after each epoch, and a progress bar.
var options = new TrainerOptions
{
    Epochs = 15,
    Seed = 3,
    Schedule = new CosineSchedule(15),
    // After each epoch, what counts in the end: held-out words written letter by letter from the model's own letters.
    EpochCompleted = (_, record) =>
    {
        (double exact, double letters) = Evaluate(validation, word => Decode(word));
        Console.WriteLine($"  epoch {record.Epoch}: greedy decoding of the validation words: {100 * exact:F1} % whole, {100 * letters:F1} % of letters");
    },
};
// Each word with its reversal: the decoder reads the mark and then the reversed word (teacher forcing), and learns the
// reversed word and then the mark.
new Trainer(pair, options).Fit(Pairs(train), Pairs(validation));

(double modelExact, double modelLetters) = Evaluate(test, word => Decode(word));
(double beamExact, double beamLetters) = Evaluate(test, word => Decode(word, beamWidth: 4));
(double copyExact, double copyLetters) = Evaluate(test, word => word); // the word as it is (right for palindromes)
Console.WriteLine();
Console.WriteLine($"test words ({test.Length})            whole word right   letters right");
Console.WriteLine($"encoder-decoder LSTM, greedy  {100 * modelExact,8:F1} %       {100 * modelLetters,8:F1} %");
Console.WriteLine($"  with a beam of 4            {100 * beamExact,8:F1} %       {100 * beamLetters,8:F1} %");
Console.WriteLine($"baseline: the word unreversed {100 * copyExact,8:F1} %       {100 * copyLetters,8:F1} %");
foreach (int[] word in test.Take(8)) Console.WriteLine($"  {Letters.Text(word),-12} → {Letters.Text(Decode(word))}");
// Both models in one state dict (submodules 'encoder' and 'decoder') and their PyTorch modules, next to the binary:
// in PyTorch, decoder(y, states=encoder(x, return_states=True)[1]) gives the same letters.
pair.SaveSafetensors(Path.Combine(AppContext.BaseDirectory, "word-reverser.safetensors"));
File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "word_encoder.py"), WordEncoder.PyTorchModule);
File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "reversed_word_decoder.py"), ReversedWordDecoder.PyTorchModule);

bool beats = modelExact > copyExact && modelLetters > copyLetters;
Console.WriteLine(beats ? "The encoder-decoder beats the baseline." : "The encoder-decoder does NOT beat the baseline.");
return beats ? 0 : 1;

// Decoding of one word: the encoder's final state starts the decoder, which then streams, each step reading the
// letter it wrote before (the first the start mark), until it writes the end mark; greedy (the best letter each step)
// or a beam search (the most probable whole word among the beamWidth best partial ones).
int[] Decode(int[] word, int beamWidth = 1)
{
    Span<int> written = stackalloc int[ReversedWordDecoder.MaxSteps];
    int count = pair.Decode(word, start: Letters.Mark, end: Letters.Mark, written, beamWidth);
    return written[..count].ToArray();
}

static SequencePairs Pairs(int[][] words) => SequencePairs.FromTokenSequences(
    words, words.Select(word => word.Reverse().ToArray()).ToArray(), start: Letters.Mark, end: Letters.Mark, WordEncoder.MaxSteps, ReversedWordDecoder.MaxSteps);

// The share of words whose reversal `reverse` gets entirely right, and of the letters (with the end mark) it gets
// right at their positions.
static (double Exact, double Letters) Evaluate(int[][] words, Func<int[], int[]> reverse)
{
    int exact = 0, right = 0, total = 0;
    foreach (int[] word in words)
    {
        int[] expected = word.Reverse().Append(Letters.Mark).ToArray();
        int[] written = reverse(word).Append(Letters.Mark).ToArray();
        if (written.SequenceEqual(expected)) exact++;
        for (int t = 0; t < expected.Length; t++) if (t < written.Length && written[t] == expected[t]) right++;
        total += expected.Length;
    }
    return ((double)exact / words.Length, (double)right / total);
}
