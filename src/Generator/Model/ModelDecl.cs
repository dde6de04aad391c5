namespace ModelCompiler.Generator.Model
{
    /// <summary>
    /// Everything the user declared on one model class, as plain values: the output of the parse stage and the
    /// only input of the checker. <see cref="Attributes"/> is in source order (index = <see cref="AttributeDecl.Attribute"/>
    /// of each entry, except that attributes the parser skips leave no entry).
    /// </summary>
    internal sealed record ModelDecl(ClassInfo Class, ModelOptionsDecl Options, EquatableArray<AttributeDecl> Attributes);
}
