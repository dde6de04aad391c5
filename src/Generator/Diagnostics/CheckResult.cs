using ModelCompiler.Generator.Model;
using ModelCompiler.Generator.Planning;

namespace ModelCompiler.Generator.Diagnostics
{
    /// <summary>Output of the check stage: the plan to emit (null when anything is wrong), the located diagnostics and where the class name is.</summary>
    internal sealed record CheckResult(ModelPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics, SourceSpan? ClassSpan);
}
