using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Parsing
{
    /// <summary>
    /// Maps one attribute (by class name) to its declaration record. Defaults mirror the attribute classes in
    /// src/Attributes; keep them in sync when those change.
    /// </summary>
    internal static class AttributeReader
    {
        public static AttributeDecl? Read(string className, int index, AttributeValues v)
        {
            string? name = v.String("Name");
            switch (className)
            {
                case "InputAttribute": return new InputDecl(index, v.CtorInt(0));
                case "EmbeddingAttribute": return new EmbeddingDecl(index, name, v.CtorInt(0), v.CtorInt(1), Init(v, "Weights"), Trainable(v));
                case "RnnAttribute": return Recurrent(index, name, CellKind.Rnn, v, (Activation)v.Int("Activation", (int)Activation.Tanh));
                case "LstmAttribute": return Recurrent(index, name, CellKind.Lstm, v, Activation.Tanh);
                case "GruAttribute": return Recurrent(index, name, CellKind.Gru, v, Activation.Tanh);
                case "DenseAttribute": return new DenseDecl(index, name, v.CtorInt(0), (Activation)v.Int("Activation", (int)Activation.None), Init(v, "Weights"), Init(v, "Biases"), Trainable(v));
                case "DropoutAttribute": return new DropoutDecl(index, name, v.CtorFloat(0));
                case "LossAttribute": return new LossDecl(index, (LossKind)v.CtorInt(0));
                case "SgdAttribute": return Optimizer(index, OptimizerKind.Sgd, v, learningRate: 0.01f, weightDecay: 0f);
                case "AdamAttribute": return Optimizer(index, OptimizerKind.Adam, v, learningRate: 1e-3f, weightDecay: 0f);
                case "AdamWAttribute": return Optimizer(index, OptimizerKind.AdamW, v, learningRate: 1e-3f, weightDecay: 1e-2f);
                case "RmsPropAttribute": return Optimizer(index, OptimizerKind.RmsProp, v, learningRate: 1e-2f, weightDecay: 0f);
                case "ClipGradNormAttribute": return new ClipDecl(index, ClipKind.Norm, v.CtorFloat(0));
                case "ClipGradValueAttribute": return new ClipDecl(index, ClipKind.Value, v.CtorFloat(0));
                default: return null;
            }
        }

        private static RecurrentDecl Recurrent(int index, string? name, CellKind cell, AttributeValues v, Activation activation) => new(
            index,
            name,
            cell,
            v.CtorInt(0),
            v.Int("Layers", 1),
            v.Bool("Bidirectional"),
            v.Bool("ReturnSequences"),
            v.Float("Dropout", 0f),
            activation,
            Init(v, "InputWeights"),
            Init(v, "RecurrentWeights"),
            Init(v, "Biases"),
            v.Has("ForgetBias") ? v.Float("ForgetBias", 0f) : null,
            Trainable(v));

        /// <summary>The layer's <c>Trainable</c> (default true).</summary>
        private static bool Trainable(AttributeValues v) => !v.Has("Trainable") || v.Bool("Trainable");

        private static Initializer Init(AttributeValues v, string property) => (Initializer)v.Int(property, (int)Initializer.Default);

        private static OptimizerDecl Optimizer(int index, OptimizerKind kind, AttributeValues v, float learningRate, float weightDecay) => new(
            index,
            kind,
            v.Float("LearningRate", learningRate),
            v.Float("Momentum", 0f),
            v.Float("Beta1", 0.9f),
            v.Float("Beta2", 0.999f),
            v.Float("Epsilon", 1e-8f),
            v.Float("WeightDecay", weightDecay),
            v.Float("Alpha", 0.99f),
            v.Bool("Nesterov"));
    }
}
