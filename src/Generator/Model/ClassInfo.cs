namespace ModelCompiler.Generator.Model
{
    /// <summary>Identity of the model class: where the generated partial declaration goes and what it is called.</summary>
    /// <param name="Namespace">Dotted namespace, empty for the global namespace.</param>
    /// <param name="Name">Simple class name.</param>
    /// <param name="ContainingTypes">Enclosing type declarations, outermost first.</param>
    /// <param name="HintName">File name stem: the full name and a hash of it, unique per type even ignoring case.</param>
    /// <param name="NotPartial">Name of the first declaration (the class or an enclosing type) lacking <c>partial</c>, or null.</param>
    /// <param name="IsGeneric">The class or an enclosing type has type parameters.</param>
    /// <param name="UnsupportedKind">"static" or "a record" when the model type is not a plain instance class, else null.</param>
    /// <param name="SplitAcrossDeclarations">Our attributes sit on more than one partial declaration.</param>
    /// <param name="FileLocal">Name of the class or enclosing type declared <c>file</c>, or null.</param>
    /// <param name="OldLanguageVersion">The project's C# version when it is older than 12 (no inline arrays), else null.</param>
    /// <param name="NameClashes">The class name or declared members that take the name of a generated member.</param>
    /// <param name="HiddenNames">Generated non-method members that hide an accessible base-class member (declared <c>new</c>).</param>
    /// <param name="MethodSignatures">
    /// The class's own methods named like generated methods, as <c>Name(type, in type, …)</c> (types fully qualified, C#
    /// keywords for special types): one with a generated overload's parameters is reported (MC0027), other overloads are fine.
    /// </param>
    /// <param name="HidesBaseMethods">
    /// A base class has accessible members named like generated methods, or is a model itself (whose generated members the
    /// generator cannot see): the generated file turns CS0108/CS0114 off, since the hiding is intended.
    /// </param>
    /// <param name="CompiledTwice">
    /// The path of a file of the project's own sources that is this model's generated code (written there by
    /// <c>EmitCompilerGeneratedFiles</c> and compiled again), or null; its members are not counted as the user's.
    /// </param>
    /// <param name="BelowCSharp9">The project compiles a C# older than 9 (no native-sized integers, which every model's code uses).</param>
    internal sealed record ClassInfo(
        string Namespace,
        string Name,
        EquatableArray<ContainingType> ContainingTypes,
        string HintName,
        string? NotPartial,
        bool IsGeneric,
        string? UnsupportedKind,
        bool SplitAcrossDeclarations,
        string? FileLocal,
        string? OldLanguageVersion,
        EquatableArray<NameClash> NameClashes,
        EquatableArray<string> HiddenNames,
        bool BelowCSharp9 = false,
        EquatableArray<string> MethodSignatures = default,
        bool HidesBaseMethods = false,
        string? CompiledTwice = null);

    /// <summary>A user member (or the class name, <see cref="What"/> = "the class name") named like a generated member.</summary>
    internal sealed record NameClash(string What, string Name);

    /// <summary>An enclosing type: its declaration keyword (<c>class</c>, <c>struct</c>, <c>record</c>, …) and name.</summary>
    internal sealed record ContainingType(string Keyword, string Name);
}
