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
                    if (!problems.Any(p => Descriptors.IsError(p.Id))) plan = ModelPlanner.Plan(decl);
                    if (plan is not null && TooLarge(plan) is { } tooLarge)
                    {
                        problems.Add(tooLarge);
                        plan = null;
                    }
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
                catch (OverflowException)
                {
                    problems.Add(new Problem(DiagnosticIds.TooLarge, ArgRef.Class, decl.Class.Name, "a size", "beyond 64-bit range"));
                    plan = null;
                }
                catch (Exception e)
                {
                    problems.Add(new Problem(DiagnosticIds.InternalError, ArgRef.Class, decl.Class.Name, e.Message));
                    plan = null;
                }
            }
            EquatableArray<DiagnosticInfo> located = problems
                .Select(p => new DiagnosticInfo(p.Id, parsed.Map.Resolve(p.Where), p.Args, p.Also is { } also ? parsed.Map.Resolve(also) : null))
                .ToEquatableArray();
            return new CheckResult(plan, located, parsed.Map.Class);
        }

        /// <summary>Sizes the generated constants and the runtime's int-indexed buffers must hold.</summary>
        private static Problem? TooLarge(ModelPlan plan)
        {
            long widest = plan.Layers.Max(l => System.Math.Max(l.OutputWidth, l.CachedFloatsPerStep));
            string steps = plan.VariableLength ? "MaxSteps" : "Steps"; // as the model declares it
            var sizes = new (string What, long Value)[]
            {
                ("ParameterCount", plan.ParameterCount),
                ($"{steps} × InputSize", (long)plan.Steps * plan.InputSize),
                ($"{steps} × OutputSize", (long)plan.Steps * plan.OutputSize),
                ($"BatchSize × {steps} × the widest layer", (long)plan.BatchSize * plan.Steps * System.Math.Max(widest, plan.InputSize)),
            };
            foreach (var (what, value) in sizes)
            {
                if (value > int.MaxValue || value < 0)
                {
                    return new Problem(DiagnosticIds.TooLarge, ArgRef.Class, plan.Class.Name, what, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            return null;
        }
    }
}
