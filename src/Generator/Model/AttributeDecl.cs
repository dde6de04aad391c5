namespace ModelCompiler.Generator.Model
{
    /// <summary>One of our attributes on the model class, by its index in source order.</summary>
    internal abstract record AttributeDecl(int Attribute);

    /// <summary><c>[Input(features)]</c>.</summary>
    internal sealed record InputDecl(int Attribute, int Features) : AttributeDecl(Attribute);
}
