using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ModelCompiler.Generator.Diagnostics;
using ModelCompiler.Generator.Emit;
using ModelCompiler.Generator.Model;
using ModelCompiler.Generator.Parsing;
using ModelCompiler.Generator.Planning;

namespace ModelCompiler.Generator
{
    /// <summary>
    /// Compiles every <c>[Model]</c> class into a typed partial class over the runtime. Wiring only: the stages
    /// live in Parsing/, Diagnostics/, Planning/ and Emit/. Source and diagnostics are separate outputs, so an
    /// edit that only moves a diagnostic does not regenerate source.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ModelGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownTypes.ModelAttribute,
                    // Records are taken too, so that [Model] on one gets a diagnostic instead of silence.
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    ModelParser.Parse)
                .WithTrackingName(TrackingNames.Parse);

            IncrementalValuesProvider<CheckResult> checkedModels = parsed
                .Select(static (p, _) => ModelChecker.Check(p))
                .WithTrackingName(TrackingNames.Check);

            // A bool, so that the compilation changing on every edit leaves everything after it cached.
            IncrementalValueProvider<bool> runtimeReferenced = context.CompilationProvider
                .Select(static (compilation, _) => compilation.GetTypeByMetadataName(KnownTypes.Network) is not null)
                .WithTrackingName(TrackingNames.Runtime);

            // Without the runtime the generated code could not compile (dozens of CS0234): one MC0030 per model instead.
            IncrementalValuesProvider<(CheckResult Model, bool RuntimeReferenced)> withRuntime = checkedModels.Combine(runtimeReferenced);

            IncrementalValuesProvider<ModelPlan> plans = withRuntime
                .Where(static m => m.Model.Plan is not null && m.RuntimeReferenced)
                .Select(static (m, _) => m.Model.Plan!)
                .WithTrackingName(TrackingNames.Plan);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = withRuntime
                .Select(static (m, _) => m.RuntimeReferenced || m.Model.Plan is not { } plan
                    ? m.Model.Diagnostics
                    : new[] { new DiagnosticInfo(DiagnosticIds.RuntimeNotReferenced, m.Model.ClassSpan, new[] { plan.Class.Name }.ToEquatableArray()) }.ToEquatableArray())
                .Where(static d => d.Count > 0)
                .WithTrackingName(TrackingNames.Diagnostics);

            context.RegisterSourceOutput(plans, EmitSource);
            // The compilation is needed only to turn spans back into real source locations (which honour
            // #pragma warning disable); this output runs only for models that have diagnostics.
            context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), ReportDiagnostics);
            // Input or layer attributes on a class without [Model]: a warning, since nothing is generated for it.
            foreach (string attribute in MissingModelAttribute.LayerAttributes)
            {
                IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> missingModel = context.SyntaxProvider
                    .ForAttributeWithMetadataName(attribute, static (node, _) => node is TypeDeclarationSyntax, MissingModelAttribute.Check)
                    .Where(static info => info is not null)
                    .Select(static (info, _) => new[] { info! }.ToEquatableArray())
                    .WithTrackingName(TrackingNames.MissingModel);
                context.RegisterSourceOutput(missingModel.Combine(context.CompilationProvider), ReportDiagnostics);
            }
        }

        private static void EmitSource(SourceProductionContext context, ModelPlan plan)
        {
            try
            {
                context.AddSource(ModelEmitter.HintName(plan), SourceText.From(ModelEmitter.Emit(plan), System.Text.Encoding.UTF8));
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, Location.None, plan.Class.Name, e.Message));
            }
        }

        private static void ReportDiagnostics(SourceProductionContext context, (EquatableArray<DiagnosticInfo> Infos, Compilation Compilation) input)
        {
            foreach (DiagnosticInfo info in input.Infos)
            {
                Location? also = info.Also is null ? null : ToLocation(info.Also, input.Compilation);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ById(info.Id), ToLocation(info.Where, input.Compilation),
                    also is null || also == Location.None ? null : new[] { also }, info.Args.Cast<object>().ToArray()));
            }
        }

        private static Location ToLocation(SourceSpan? span, Compilation compilation)
        {
            if (span is null) return Location.None;
            // Paths identify trees in a real project; in-memory trees may share one (often ""), so the span must also fit.
            SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == span.FilePath && span.Start + span.Length <= t.Length);
            return tree is null ? Location.None : Location.Create(tree, new TextSpan(span.Start, span.Length));
        }
    }
}
