namespace ModelCompiler.Generator.Diagnostics
{
    /// <summary>Stable diagnostic IDs, Roslyn-free so the pure stages can name problems; see <see cref="Descriptors"/>.</summary>
    public static class DiagnosticIds
    {
        public const string NotPartial = "MC0001";
        public const string NoInput = "MC0002";
        public const string EmbeddingNotFirst = "MC0003";
        public const string SizeNotPositive = "MC0004";
        public const string ProbabilityOutOfRange = "MC0005";
        public const string NeedsSequence = "MC0006";
        public const string CrossEntropyOutput = "MC0007";
        public const string BinaryCrossEntropyOutput = "MC0008";
        public const string OptimizerWithoutLoss = "MC0009";
        public const string ClipWithoutLoss = "MC0010";
        public const string TwoOptimizers = "MC0011";
        public const string DuplicateLayerName = "MC0012";
        public const string StepsAndMaxSteps = "MC0013";
        public const string NoSteps = "MC0014";
        public const string Duplicate = "MC0015";
        public const string NoLayers = "MC0016";
        public const string RnnActivation = "MC0017";
        public const string HyperparameterOutOfRange = "MC0018";
        public const string Generic = "MC0019";
        public const string SplitDeclarations = "MC0020";
        public const string TooLarge = "MC0021";
        public const string NotAnInstanceClass = "MC0022";
        public const string UndefinedEnumValue = "MC0023";
        public const string InvalidLayerName = "MC0024";
        public const string FileLocal = "MC0025";
        public const string OldLanguageVersion = "MC0026";
        public const string GeneratedMemberName = "MC0027";
        public const string BiasInitializer = "MC0028";
        public const string BelowCSharp9 = "MC0029";
        public const string RuntimeNotReferenced = "MC0030";
        public const string DropoutWithOneLayer = "MC0031";
        public const string ConstantSingleUnit = "MC0032";
        public const string InputAfterLayer = "MC0033";
        public const string ModelAttributeMissing = "MC0034";
        public const string GeneratedCodeCompiledTwice = "MC0035";
        public const string NothingLearns = "MC0036";
        public const string InternalError = "MC9999";
    }
}
