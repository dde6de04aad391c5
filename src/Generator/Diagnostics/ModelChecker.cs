using System;
using System.Collections.Generic;
using System.Linq;
using ModelCompiler.Generator.Model;
using ModelCompiler.Generator.Parsing;
using ModelCompiler.Generator.Planning;

namespace ModelCompiler.Generator.Diagnostics
{
    /// <summary>
    /// Stage 2 driver: runs <see cref="ShapeChecker"/>, plans the model when it is clean, and resolves every
    /// problem's <see cref="ArgRef"/> through the <see cref="SourceMap"/>. Never throws (except cancellation):
    /// a failure becomes MC9999 on the class.
    /// </summary>
    internal static class ModelChecker
    {
        public static CheckResult Check(ParseResult parsed)
        {
            var problems = new List<Problem>(parsed.Problems);
            ModelPlan? plan = null;
            if (parsed.Decl is { } decl)
            {
                try
                {
                    problems.AddRange(ShapeChecker.Check(decl));
                    if (problems.Count == 0) plan = ModelPlanner.Plan(decl);
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
                catch (Exception e)
                {
                    problems.Add(new Problem(DiagnosticIds.InternalError, ArgRef.Class, decl.Class.Name, e.Message));
                    plan = null;
                }
            }
            EquatableArray<DiagnosticInfo> located = problems
                .Select(p => new DiagnosticInfo(p.Id, parsed.Map.Resolve(p.Where), p.Args))
                .ToEquatableArray();
            return new CheckResult(plan, located);
        }
    }
}
