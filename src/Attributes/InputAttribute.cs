using System;

namespace ModelCompiler
{
    /// <summary>Float sequence input: <c>features</c> values per time step.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares a float input of <paramref name="features"/> values per step.</summary>
        public InputAttribute(int features) => Features = features;

        /// <summary>Values per time step.</summary>
        public int Features { get; }
    }
}
