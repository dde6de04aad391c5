using System;
using System.Globalization;
using System.Text;

namespace ModelCompiler.Generator.Emit
{
    /// <summary>
    /// C# literals that read back to exactly the same value, whatever the build machine's culture
    /// (invariant culture: no locale minus sign U+2212 or decimal comma can leak into the source).
    /// </summary>
    internal static class Literals
    {
        public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Bool(bool value) => value ? "true" : "false";

        /// <summary>
        /// A type name as a declaration needs it: a keyword takes its '@' back, reserved (a class named <c>@event</c>) or
        /// contextual (<c>@file</c>, <c>@required</c>, <c>@scoped</c> cannot name types without it; on others it is harmless).
        /// </summary>
        public static string Identifier(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsReservedKeyword(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name))
            || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
                ? "@" + name : name;

        /// <summary>Round-trip ("R") digits plus the <c>f</c> suffix; non-finite values by name.</summary>
        public static string Float(float value)
        {
            if (float.IsNaN(value)) return "float.NaN";
            if (float.IsPositiveInfinity(value)) return "float.PositiveInfinity";
            if (float.IsNegativeInfinity(value)) return "float.NegativeInfinity";
            return value.ToString("R", CultureInfo.InvariantCulture) + "f";
        }

        /// <summary>A regular string literal with escapes, so any text (newlines, quotes, control characters) is safe.</summary>
        public static string String(string value)
        {
            var text = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                        {
                            text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }
                        break;
                }
            }
            return text.Append('"').ToString();
        }

        /// <summary><c>global::ModelCompiler.Activation.Relu</c>, or a cast for values outside the enum.</summary>
        public static string Enum<T>(string typeName, T value) where T : struct, System.Enum =>
            System.Enum.IsDefined(typeof(T), value)
                ? typeName + "." + value
                : "((" + typeName + ")(" + Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "))";

        /// <summary>
        /// Text safe inside a one-line comment: line breaks (C# also breaks lines at U+0085, U+2028 and U+2029) and
        /// other control characters become a space, so a layer name cannot end the comment early.
        /// </summary>
        public static string Comment(string value)
        {
            var text = new StringBuilder(value.Length);
            foreach (char c in value) text.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085' ? ' ' : c);
            return text.ToString();
        }

        /// <summary>Escapes text for an XML doc comment.</summary>
        public static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
