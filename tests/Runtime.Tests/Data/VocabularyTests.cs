using ModelCompiler.Runtime.Data;
using Xunit;

namespace ModelCompiler.Runtime.Tests.Data;

public sealed class VocabularyTests
{
    [Fact]
    public void Characters_round_trip_and_unknown_ones_map_to_id_zero()
    {
        CharVocabulary vocabulary = CharVocabulary.Build("hello world");

        int[] ids = vocabulary.Encode("world hello");
        Assert.Equal("world hello", vocabulary.Decode(ids));
        Assert.Equal(9, vocabulary.Count); // unknown + " dehlorw"
        Assert.Equal(CharVocabulary.UnknownId, vocabulary.Encode('z'));
        Assert.Equal("h\uFFFD", vocabulary.Decode(vocabulary.Encode("hz")));
    }

    [Fact]
    public void A_char_vocabulary_restored_from_its_symbols_gives_the_same_ids()
    {
        CharVocabulary built = CharVocabulary.Build(["banana", "cab"]);
        var restored = new CharVocabulary(built.Symbols);

        Assert.Equal(built.Encode("abcn"), restored.Encode("abcn"));
        Assert.Equal(new[] { 1, 2, 3, 4 }, built.Encode("abcn")); // ordinal order
    }

    [Fact]
    public void Words_are_ranked_by_frequency_and_round_trip_lower_cased()
    {
        WordVocabulary vocabulary = WordVocabulary.Build(["The cat sat.", "the dog sat, the end"]);

        Assert.Equal("the", vocabulary.Decode(1));   // 3 times
        Assert.Equal("sat", vocabulary.Decode(2));   // 2 times
        int[] ids = vocabulary.EncodeText("The dog sat.");
        Assert.Equal("the dog sat .", vocabulary.Decode(ids));
        Assert.Equal(new[] { 1, WordVocabulary.UnknownId }, vocabulary.EncodeText("the zebra"));
        Assert.Equal("<unk>", vocabulary.Decode(WordVocabulary.UnknownId));
    }

    [Fact]
    public void Word_vocabularies_respect_min_count_and_max_words()
    {
        WordVocabulary vocabulary = WordVocabulary.Build(["a a a b b c"], minCount: 2, maxWords: 1);

        Assert.Equal(2, vocabulary.Count);
        Assert.Equal(WordVocabulary.UnknownId, vocabulary.Encode("b"));
        Assert.Equal(1, vocabulary.Encode("A"));
    }
}
