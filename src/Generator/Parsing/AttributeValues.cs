using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>
    /// Typed reads of constructor and named arguments of one <see cref="AttributeData"/>. Missing arguments take
    /// the attribute class's default (passed in by the caller); enums arrive as their integer values.
    /// </summary>
    internal readonly struct AttributeValues
    {
        private readonly AttributeData _data;

        public AttributeValues(AttributeData data) => _data = data;

        /// <summary>
        /// True when the compiler could not bind the usage (missing or mistyped arguments): it reports that error
        /// itself, so the generator stays silent instead of guessing values.
        /// </summary>
        public bool IsMalformed
        {
            get
            {
                if (_data.AttributeConstructor is null) return true;
                foreach (TypedConstant arg in _data.ConstructorArguments)
                {
                    if (arg.Kind == TypedConstantKind.Error) return true;
                }
                foreach (var named in _data.NamedArguments)
                {
                    if (named.Value.Kind == TypedConstantKind.Error) return true;
                }
                return false;
            }
        }

        public int CtorInt(int position) => ToInt(Ctor(position));

        public float CtorFloat(int position) => ToFloat(Ctor(position));

        public int Int(string name, int fallback) => Named(name) is { } v ? ToInt(v) : fallback;

        public float Float(string name, float fallback) => Named(name) is { } v ? ToFloat(v) : fallback;

        public bool Bool(string name) => Named(name) is bool b && b;

        public string? String(string name) => Named(name) as string;

        public bool Has(string name) => Named(name) is not null;

        private object? Ctor(int position) =>
            position < _data.ConstructorArguments.Length ? _data.ConstructorArguments[position].Value : null;

        private object? Named(string name)
        {
            foreach (var named in _data.NamedArguments)
            {
                if (named.Key == name) return named.Value.Value;
            }
            return null;
        }

        private static int ToInt(object? value) => value is IConvertible c ? c.ToInt32(CultureInfo.InvariantCulture) : 0;

        private static float ToFloat(object? value) => value is IConvertible c ? c.ToSingle(CultureInfo.InvariantCulture) : 0f;
    }
}
