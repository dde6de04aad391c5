using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ModelCompiler.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic the generator reports. IDs are stable (documented in the README and in
    /// AnalyzerReleases.*.md): never renumber, only add.
    /// </summary>
    public static class Descriptors
    {
        private const string Category = "ModelCompiler";

        public static readonly DiagnosticDescriptor NotPartial = Error(DiagnosticIds.NotPartial, "Model class must be partial",
            "'{0}' must be declared partial so ModelCompiler can add the generated members to it");

        public static readonly DiagnosticDescriptor NoInput = Error(DiagnosticIds.NoInput, "Model has no input",
            "Model '{0}' has no input: add [Input(features)] for float sequences or [Embedding(vocab, dim)] as the first layer for tokens");

        public static readonly DiagnosticDescriptor EmbeddingNotFirst = Error(DiagnosticIds.EmbeddingNotFirst, "Embedding must be the first layer",
            "Embedding '{0}' must be the first layer and the only input, but {1}");

        public static readonly DiagnosticDescriptor SizeNotPositive = Error(DiagnosticIds.SizeNotPositive, "Size must be positive",
            "{0} of {1} must be > 0, but is {2}");

        public static readonly DiagnosticDescriptor ProbabilityOutOfRange = Error(DiagnosticIds.ProbabilityOutOfRange, "Probability outside [0, 1)",
            "{0} of {1} must be in [0, 1), but is {2}");

        public static readonly DiagnosticDescriptor NeedsSequence = Error(DiagnosticIds.NeedsSequence, "Recurrent layer needs a sequence",
            "{0} '{1}' needs a sequence, but '{2}' returns only its last step: set ReturnSequences = true on '{2}'");

        public static readonly DiagnosticDescriptor CrossEntropyOutput = Error(DiagnosticIds.CrossEntropyOutput, "CrossEntropy needs logits or Softmax",
            "Loss CrossEntropy needs logits (Activation.None) or Softmax from a Dense last layer, but {0}");

        public static readonly DiagnosticDescriptor BinaryCrossEntropyOutput = Error(DiagnosticIds.BinaryCrossEntropyOutput, "BinaryCrossEntropy needs logits or Sigmoid",
            "Loss BinaryCrossEntropy needs logits (Activation.None) or Sigmoid from a Dense last layer, but {0}");

        public static readonly DiagnosticDescriptor OptimizerWithoutLoss = Error(DiagnosticIds.OptimizerWithoutLoss, "Optimizer without a loss",
            "Optimizer {0} has nothing to minimize: model '{1}' declares no [Loss]");

        public static readonly DiagnosticDescriptor ClipWithoutLoss = Error(DiagnosticIds.ClipWithoutLoss, "Gradient clipping without a loss",
            "{0} clips gradients, but model '{1}' declares no [Loss], so there are none");

        public static readonly DiagnosticDescriptor TwoOptimizers = Error(DiagnosticIds.TwoOptimizers, "More than one optimizer",
            "Optimizer {0} conflicts with {1} declared before it: a model has at most one optimizer");

        public static readonly DiagnosticDescriptor DuplicateLayerName = Error(DiagnosticIds.DuplicateLayerName, "Duplicate layer name",
            "{0} '{1}', but {2} already has that name: layer names prefix parameter names and must be unique (set another Name on one of them)");

        public static readonly DiagnosticDescriptor StepsAndMaxSteps = Error(DiagnosticIds.StepsAndMaxSteps, "Steps and MaxSteps both set",
            "MaxSteps = {1} conflicts with Steps = {0}: set Steps for fixed-length or MaxSteps for variable-length sequences, not both");

        public static readonly DiagnosticDescriptor NoSteps = Error(DiagnosticIds.NoSteps, "Sequence length missing",
            "Model '{0}' needs a sequence length: set Steps (fixed length) or MaxSteps (variable length) on [Model]");

        public static readonly DiagnosticDescriptor Duplicate = Error(DiagnosticIds.Duplicate, "Attribute declared twice",
            "[{0}] conflicts with [{1}] declared before it: a model has at most one {2}");

        public static readonly DiagnosticDescriptor NoLayers = Error(DiagnosticIds.NoLayers, "No layers after the input",
            "Model '{0}' has no layer with parameters after its input '{1}': add at least one [Rnn], [Lstm], [Gru] or [Dense]");

        public static readonly DiagnosticDescriptor RnnActivation = Error(DiagnosticIds.RnnActivation, "Unsupported Rnn activation",
            "Rnn '{0}' supports Activation.Tanh or Activation.Relu, but has Activation.{1}");

        public static readonly DiagnosticDescriptor HyperparameterOutOfRange = Error(DiagnosticIds.HyperparameterOutOfRange, "Hyperparameter out of range",
            "{0} of {1} must be {2}, but is {3}");

        public static readonly DiagnosticDescriptor Generic = Error(DiagnosticIds.Generic, "Generic model classes are not supported",
            "'{0}' is generic or nested in a generic type: model classes must be non-generic");

        public static readonly DiagnosticDescriptor SplitDeclarations = Error(DiagnosticIds.SplitDeclarations, "Attributes on several partial declarations",
            "The layers of model '{0}' are spread over several partial declarations, so their order is ambiguous: keep [Input] or [Embedding] and the layer attributes on one declaration");

        public static readonly DiagnosticDescriptor TooLarge = Error(DiagnosticIds.TooLarge, "Model too large",
            "Model '{0}' is too large: {1} is {2}, but must be at most 2147483647");

        public static readonly DiagnosticDescriptor NotAnInstanceClass = Error(DiagnosticIds.NotAnInstanceClass, "Model type is not a plain class",
            "'{0}' is {1}, but a model is an object with its own buffers: declare it as a non-static, non-record partial class");

        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(DiagnosticIds.UndefinedEnumValue, "Undefined enum value",
            "{0} of {1} is ({2}){3}, which is not a defined {2}: use one of {4}");

        public static readonly DiagnosticDescriptor InvalidLayerName = Error(DiagnosticIds.InvalidLayerName, "Invalid layer name",
            "{0} is named '{1}', but {2}: layer names are PyTorch submodule names, which are not empty and contain no '.'");

        public static readonly DiagnosticDescriptor FileLocal = Error(DiagnosticIds.FileLocal, "Model type is file-local",
            "'{0}' is declared 'file', but the generated members of a model go in a file of their own: remove the 'file' modifier");

        public static readonly DiagnosticDescriptor OldLanguageVersion = Error(DiagnosticIds.OldLanguageVersion, "C# 12 needed",
            "Model '{0}' gets typed InputBuffer and OutputBuffer members, which are C# 12 inline arrays, but this project compiles C# {1}: set <LangVersion>12</LangVersion> or later");

        public static readonly DiagnosticDescriptor GeneratedMemberName = Error(DiagnosticIds.GeneratedMemberName, "Name taken by a generated member",
            "Model '{0}': {1} '{2}' has the name of a member ModelCompiler generates in every model: rename it");

        public static readonly DiagnosticDescriptor BiasInitializer = Error(DiagnosticIds.BiasInitializer, "Initializer not for biases",
            "Biases of {0} can be Initializer.Default or Initializer.Zeros, but are Initializer.{1}, which needs a weight matrix's fans or shape");

        public static readonly DiagnosticDescriptor BelowCSharp9 = Error(DiagnosticIds.BelowCSharp9, "C# 9 needed",
            "Model '{0}' is generated with native-sized integers and nullable annotations (C# 9), but this project compiles C# {1}: set <LangVersion>9</LangVersion> or later");

        public static readonly DiagnosticDescriptor RuntimeNotReferenced = Error(DiagnosticIds.RuntimeNotReferenced, "Runtime not referenced",
            "Model '{0}' runs on ModelCompiler.Runtime, which this project does not reference: add a reference to src/Runtime (or its package) next to the attributes");

        public static readonly DiagnosticDescriptor DropoutWithOneLayer = Warning(DiagnosticIds.DropoutWithOneLayer, "Recurrent dropout with one layer",
            "{0} has Dropout = {1}, which acts between stacked layers, but it has one layer: it does nothing (PyTorch warns the same); put [Dropout({1}f)] after it, or set Layers");

        public static readonly DiagnosticDescriptor ConstantSingleUnit = Warning(DiagnosticIds.ConstantSingleUnit, "A single unit makes the output or the loss constant",
            "Dense '{0}' has 1 unit, so {1}: {2}");

        public static readonly DiagnosticDescriptor NothingLearns = Warning(DiagnosticIds.NothingLearns, "Every layer is frozen",
            "Every layer of '{0}' has Trainable = false, so [{1}] updates nothing: let a layer learn, or drop the optimizer and use ComputeGradients");

        public static readonly DiagnosticDescriptor InputAfterLayer = Warning(DiagnosticIds.InputAfterLayer, "Input declared after a layer",
            "[Input] comes after {0}, but the input feeds the first layer: put [Input] before the layers, which are read in order");

        public static readonly DiagnosticDescriptor ModelAttributeMissing = Warning(DiagnosticIds.ModelAttributeMissing, "Layer attributes without [Model]",
            "'{0}' has [{1}] but no [Model], so no model is generated for it: add [Model(Steps = n)] or [Model(MaxSteps = n)]");

        public static readonly DiagnosticDescriptor GeneratedCodeCompiledTwice = Error(DiagnosticIds.GeneratedCodeCompiledTwice, "Generated code compiled as a source file",
            "Model '{0}': its generated code is also compiled from '{1}', a copy among the project's sources (EmitCompilerGeneratedFiles writing into the project folder?): exclude that folder from Compile, or set CompilerGeneratedFilesOutputPath outside the project");

        public static readonly DiagnosticDescriptor InternalError = Error(DiagnosticIds.InternalError, "Internal generator error",
            "ModelCompiler failed unexpectedly on '{0}': {1}");

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = Index(
            NotPartial, NoInput, EmbeddingNotFirst, SizeNotPositive, ProbabilityOutOfRange, NeedsSequence, CrossEntropyOutput,
            BinaryCrossEntropyOutput, OptimizerWithoutLoss, ClipWithoutLoss, TwoOptimizers, DuplicateLayerName, StepsAndMaxSteps,
            NoSteps, Duplicate, NoLayers, RnnActivation, HyperparameterOutOfRange, Generic, SplitDeclarations, TooLarge, NotAnInstanceClass, UndefinedEnumValue,
            InvalidLayerName, FileLocal, OldLanguageVersion, GeneratedMemberName, BiasInitializer, BelowCSharp9, RuntimeNotReferenced, DropoutWithOneLayer,
            ConstantSingleUnit, InputAfterLayer, ModelAttributeMissing, GeneratedCodeCompiledTwice, NothingLearns, InternalError);

        /// <summary>The descriptor of a <see cref="Problem"/> ID (problems carry IDs so the pipeline stays Roslyn-free).</summary>
        public static DiagnosticDescriptor ById(string id) => s_byId.TryGetValue(id, out DiagnosticDescriptor? d) ? d : InternalError;

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        private static DiagnosticDescriptor Warning(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        /// <summary>Whether problem <paramref name="id"/> stops the model from being generated (a warning does not).</summary>
        public static bool IsError(string id) => ById(id).DefaultSeverity == DiagnosticSeverity.Error;

        private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] all)
        {
            var map = new Dictionary<string, DiagnosticDescriptor>();
            foreach (DiagnosticDescriptor d in all) map.Add(d.Id, d);
            return map;
        }
    }
}
