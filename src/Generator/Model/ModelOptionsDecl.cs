namespace ModelCompiler.Generator.Model
{
    /// <summary>The <c>[Model]</c> attribute's values; <c>*Set</c> tells whether the user wrote the property.</summary>
    internal sealed record ModelOptionsDecl(
        int Attribute,
        int Steps,
        bool StepsSet,
        int MaxSteps,
        bool MaxStepsSet,
        int Batch,
        int Seed,
        UnrollPolicy Unroll);
}
