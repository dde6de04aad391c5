using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LanguageId;

/// <summary>Reads <c>language-sentences.tsv</c> (<c>language&lt;TAB&gt;sentence</c>, one header line).</summary>
public static class SentenceCorpus
{
    /// <summary>The longest sentence the data holds (the extraction script keeps 24 to 96 characters).</summary>
    public const int MaxLength = 96;

    public static List<LabeledSentence> Load(string path) =>
        File.ReadLines(path).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(fields => new LabeledSentence(fields[1], Languages.IndexOf(fields[0])))
            .Where(sentence => sentence.Text.Length is > 0 and <= MaxLength)
            .ToList();
}
