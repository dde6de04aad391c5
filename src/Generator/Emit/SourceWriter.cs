using System.Text;

namespace ModelCompiler.Generator.Emit
{
    /// <summary>
    /// A StringBuilder with indentation (4 spaces) and brace-block helpers. Lines end in <c>\n</c> everywhere so
    /// the generated text does not depend on the OS.
    /// </summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        public void Line(string text = "")
        {
            if (text.Length > 0) _text.Append(' ', 4 * _indent).Append(text);
            _text.Append('\n');
        }

        public void Open(string header)
        {
            Line(header);
            Line("{");
            _indent++;
        }

        /// <summary>A bare block, to scope the locals of one kernel stage.</summary>
        public void OpenBlock()
        {
            Line("{");
            _indent++;
        }

        public void Close(string suffix = "")
        {
            _indent--;
            Line("}" + suffix);
        }

        public void Indent() => _indent++;

        public void Unindent() => _indent--;

        public override string ToString() => _text.ToString();
    }
}
