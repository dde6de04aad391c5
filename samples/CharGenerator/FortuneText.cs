using System.IO;

namespace CharGenerator;

/// <summary>
/// <c>fortunes-en.txt</c> as one text, a newline after each fortune, cut into a training part and a validation part
/// (the last tenth of the fortunes, so no fortune is in both).
/// </summary>
public sealed record FortuneText(string Training, string Validation)
{
    public static FortuneText Load(string path)
    {
        string[] fortunes = File.ReadAllLines(path);
        int split = fortunes.Length * 9 / 10;
        return new FortuneText(string.Join('\n', fortunes[..split]) + "\n", string.Join('\n', fortunes[split..]) + "\n");
    }
}
