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
