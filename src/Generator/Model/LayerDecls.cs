namespace ModelCompiler.Generator.Model
{
    /// <summary>Recurrent cell kind; names match <c>ModelCompiler.Runtime.CellKind</c>.</summary>
    internal enum CellKind { Rnn, Lstm, Gru }

    /// <summary>A layer attribute; <see cref="Name"/> is the user's <c>Name</c> or null for the default.</summary>
    internal abstract record LayerDecl(int Attribute, string? Name) : AttributeDecl(Attribute)
    {
        /// <summary>Kind in lower case: the default name stem.</summary>
        public abstract string Kind { get; }

        /// <summary>Whether the layer has parameters (all but dropout).</summary>
        public virtual bool HasParameters => true;

        /// <summary>Whether the layer's parameters learn: not when declared <c>Trainable = false</c> (a dropout has none to freeze).</summary>
        public virtual bool Learns => true;
    }

    /// <summary><c>[Embedding(vocab, dim)]</c>; <see cref="Trainable"/> false freezes the table.</summary>
    internal sealed record EmbeddingDecl(int Attribute, string? Name, int Vocab, int Dim, Initializer Weights = Initializer.Default, bool Trainable = true) : LayerDecl(Attribute, Name)
    {
        public override string Kind => "embedding";

        public override bool Learns => Trainable;
    }

    /// <summary><c>[Rnn]</c>, <c>[Lstm]</c> or <c>[Gru]</c>; <see cref="ForgetBias"/> is null unless the user set it; <see cref="Trainable"/> false freezes it.</summary>
    internal sealed record RecurrentDecl(
        int Attribute,
        string? Name,
        CellKind Cell,
        int Hidden,
        int Layers,
        bool Bidirectional,
        bool ReturnSequences,
        float Dropout,
        Activation Activation,
        Initializer InputWeights = Initializer.Default,
        Initializer RecurrentWeights = Initializer.Default,
        Initializer Biases = Initializer.Default,
        float? ForgetBias = null,
        bool Trainable = true) : LayerDecl(Attribute, Name)
    {
        public override string Kind => Cell.ToString().ToLowerInvariant();

        public override bool Learns => Trainable;
    }

    /// <summary><c>[Dense(units)]</c>; <see cref="Trainable"/> false freezes it.</summary>
    internal sealed record DenseDecl(
        int Attribute, string? Name, int Units, Activation Activation,
        Initializer Weights = Initializer.Default, Initializer Biases = Initializer.Default, bool Trainable = true) : LayerDecl(Attribute, Name)
    {
        public override string Kind => "dense";

        public override bool Learns => Trainable;
    }

    /// <summary><c>[Dropout(p)]</c>.</summary>
    internal sealed record DropoutDecl(int Attribute, string? Name, float P) : LayerDecl(Attribute, Name)
    {
        public override string Kind => "dropout";

        public override bool HasParameters => false;
    }
}
