namespace ModelCompiler.Generator.Model
{
    /// <summary>
    /// Points at one argument of one attribute without holding syntax: the attribute's index in the class's
    /// source-ordered attribute list, and the argument's name (constructor parameter or property) and constructor
    /// position (-1 for named properties). <see cref="Attribute"/> = -1 means the class name itself.
    /// </summary>
    internal sealed record ArgRef(int Attribute, string? Name = null, int Position = -1)
    {
        public static ArgRef Class { get; } = new(-1);

        /// <summary>The whole attribute (its name), for problems not tied to one argument.</summary>
        public static ArgRef Whole(int attribute) => new(attribute);
    }
}
