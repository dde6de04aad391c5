// These enums are compiled into both the attributes assembly and the generator (linked file),
// so the integer values the generator reads from attribute arguments always agree.
namespace ModelCompiler
{
    /// <summary>Element-wise activation of a layer.</summary>
    public enum Activation
    {
        /// <summary>Identity (logits for a classifier head).</summary>
        None = 0,
        /// <summary>Hyperbolic tangent.</summary>
        Tanh = 1,
        /// <summary>max(0, x).</summary>
        Relu = 2,
        /// <summary>1 / (1 + e^-x).</summary>
        Sigmoid = 3,
        /// <summary>Softmax over the units of one step.</summary>
        Softmax = 4,
    }

    /// <summary>Training loss; the reduction is PyTorch's default <c>mean</c>.</summary>
    public enum LossKind
    {
        /// <summary><c>nn.CrossEntropyLoss</c> on logits (softmax fused); targets are class indices.</summary>
        CrossEntropy = 0,
        /// <summary><c>nn.MSELoss</c>.</summary>
        Mse = 1,
        /// <summary><c>nn.BCEWithLogitsLoss</c> on the pre-activation (sigmoid fused); targets in [0, 1].</summary>
        BinaryCrossEntropy = 2,
        /// <summary><c>nn.L1Loss</c>.</summary>
        Mae = 3,
    }

    /// <summary>
    /// How a layer's parameters are initialized: seeded draws, named after PyTorch's <c>torch.nn.init</c> functions.
    /// For a weight of PyTorch shape <c>[out, in]</c>, fan_in = in and fan_out = out (a recurrent layer's
    /// <c>weight_ih</c> is <c>[gates · hidden, input]</c>, its <c>weight_hh</c> <c>[gates · hidden, hidden]</c>).
    /// </summary>
    public enum Initializer
    {
        /// <summary>PyTorch's own default for the module: U(±1/√hidden) for recurrent layers, U(±1/√in) for Dense, N(0, 1) for Embedding.</summary>
        Default = 0,
        /// <summary>Glorot: U(±√(6 / (fan_in + fan_out))), <c>nn.init.xavier_uniform_</c> (Keras' default for kernels).</summary>
        XavierUniform = 1,
        /// <summary>Glorot: N(0, 2 / (fan_in + fan_out)), <c>nn.init.xavier_normal_</c>.</summary>
        XavierNormal = 2,
        /// <summary>He, for ReLU: U(±√(6 / fan_in)), <c>nn.init.kaiming_uniform_(nonlinearity='relu')</c>.</summary>
        KaimingUniform = 3,
        /// <summary>He, for ReLU: N(0, 2 / fan_in), <c>nn.init.kaiming_normal_(nonlinearity='relu')</c>.</summary>
        KaimingNormal = 4,
        /// <summary>
        /// A matrix with orthonormal columns (or rows, if wider than tall), <c>nn.init.orthogonal_</c> on the whole
        /// weight (Keras' default for recurrent kernels): keeps a recurrence's repeated products from growing or vanishing.
        /// </summary>
        Orthogonal = 5,
        /// <summary>All zeros (biases).</summary>
        Zeros = 6,
    }

    /// <summary>How far the generator unrolls loops over compile-time sizes.</summary>
    public enum UnrollPolicy
    {
        /// <summary>Chosen per kernel from a code-size budget.</summary>
        Auto = 0,
        /// <summary>Everything but the time loop is unrolled.</summary>
        Full = 1,
        /// <summary>Constant-bound loops over register tiles.</summary>
        Tiles = 2,
    }
}
