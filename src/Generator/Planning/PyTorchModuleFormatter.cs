using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Planning
{
    /// <summary>
    /// The <c>PyTorchModule</c> text: Python source of the <c>torch.nn.Module</c> equivalent to a model, with submodules
    /// named like its layers, so that its <c>state_dict</c> has exactly the names and shapes of <c>SaveSafetensors</c>
    /// and <c>LoadSafetensors</c>, and its <c>forward</c> computes what <c>Predict</c>/<c>Forward</c> return (SPEC §4:
    /// many-to-one layers hand on the top layer's final hidden state, forward then reverse; variable-length batches are
    /// packed). Also the loss, the optimizer and the clipping the attributes declare, so a model can be trained in
    /// PyTorch and deployed here, or the other way round. Lines end in <c>\n</c> on every OS.
    /// </summary>
    internal static class PyTorchModuleFormatter
    {
        private static readonly HashSet<string> s_pythonKeywords = new()
        {
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
            "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
            "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        };

        /// <summary>
        /// Attributes every <c>nn.Module</c> has (PyTorch 1.13 to 2.x) and this module's own methods: <c>add_module</c> refuses
        /// them as submodule names, so a layer named so is registered in <c>_modules</c> directly (its state-dict keys are
        /// still the layer's name).
        /// </summary>
        private static readonly HashSet<string> s_moduleAttributes = new()
        {
            "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile", "cpu",
            "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state",
            "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers",
            "named_children", "named_modules", "named_parameters", "parameters", "register_backward_hook", "register_buffer",
            "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
            "register_full_backward_pre_hook", "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook",
            "register_module", "register_parameter", "register_state_dict_post_hook", "register_state_dict_pre_hook",
            "requires_grad_", "set_extra_state", "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train",
            "training", "type", "xpu", "zero_grad", "loss_function", "optimizer", "clip_gradients", "STATE_LAYERS",
            "unflatten_states", "flatten_states",
        };

        public static string Format(ModelPlan plan)
        {
            var text = new StringBuilder();
            string className = Identifier(plan.Class.Name) ? plan.Class.Name : "Model";
            bool logitsFlag = LogitsFlag(plan);

            string fullName = plan.Class.Namespace.Length > 0 ? plan.Class.Namespace + "." + plan.Class.Name : plan.Class.Name;
            text.Append("# The PyTorch module equivalent to ").Append(fullName).Append(" (ModelCompiler): the same parameter names\n")
                .Append("# and shapes, so module.load_state_dict(safetensors.torch.load_file(path)) takes what SaveSafetensors\n")
                .Append("# writes and LoadSafetensors takes safetensors.torch.save_file(module.state_dict(), path); forward computes\n")
                .Append("# what Predict and Forward return (in eval() mode; train() mode drops out as ComputeGradients does).\n")
                .Append("import torch\nfrom torch import nn\n\n\n")
                .Append("class ").Append(className).Append("(nn.Module):\n")
                .Append("    def __init__(self):\n")
                .Append("        super().__init__()\n");
            foreach (LayerPlan layer in plan.Layers)
            {
                string? module = Constructor(layer);
                if (module is null) continue;
                text.Append("        ").Append(Assignment(layer.Name, module)).Append('\n');
            }
            foreach (LayerPlan layer in plan.Layers) WriteInitialization(text, layer);
            foreach (LayerPlan layer in plan.Layers.Where(l => !l.Decl.Learns))
                text.Append("        ").Append(Reference(layer.Name)).Append(".requires_grad_(False)  # Trainable = false: frozen\n");
            if (plan.Layers.Any(l => l.Name == "training"))
                text.Append("        # A layer named 'training' hides nn.Module's mode flag: set train()/eval() on the other submodules.\n");

            bool states = plan.Layers.Any(l => l.Decl is RecurrentDecl);
            text.Append('\n').Append("    def forward(self, x")
                .Append(plan.VariableLength ? ", lengths=None" : "").Append(logitsFlag ? ", logits=False" : "")
                .Append(states ? ", states=None, return_states=False" : "").Append("):\n")
                .Append("        \"\"\"").Append(ForwardDoc(plan, logitsFlag, states)).Append("\"\"\"\n");
            if (plan.VariableLength)
                text.Append("        if lengths is None:\n            lengths = torch.full((x.shape[0],), x.shape[1], dtype=torch.long)\n");
            if (plan.VariableLength && (MasksPadding(plan) || plan.Layers.Any(l => l.Decl is RecurrentDecl { ReturnSequences: true })))
                text.Append("        steps = x.shape[1]\n");
            if (MasksPadding(plan))
                text.Append("        real = (torch.arange(steps)[None, :] < lengths[:, None]).unsqueeze(-1).to(x.device)  # [batch, steps, 1]\n");
            if (states) text.Append("        final_states = []\n");
            int recurrent = 0;
            foreach (LayerPlan layer in plan.Layers)
            {
                // The switch exists only when the last layer is a Dense with an activation (LogitsFlag).
                WriteForwardLayer(text, plan, layer, logitsFlag && ReferenceEquals(layer, plan.Layers[plan.Layers.Count - 1]), layer.Decl is RecurrentDecl ? recurrent++ : -1, Returned(states));
            }
            if (MasksPadding(plan)) text.Append(ZeroPadding);
            text.Append("        return ").Append(Returned(states)).Append('\n');

            if (states) WriteStateLayout(text, plan);
            WriteTraining(text, plan, logitsFlag);
            return text.ToString();
        }

        /// <summary>
        /// Whether forward takes <c>logits=False</c>: the loss fuses the last Dense's activation (CrossEntropy, BCE), which
        /// Predict applies, so training in PyTorch needs the values before it.
        /// </summary>
        private static bool LogitsFlag(ModelPlan plan) =>
            plan.Loss is LossKind.CrossEntropy or LossKind.BinaryCrossEntropy
            && plan.Layers.LastOrDefault() is { Decl: DenseDecl { Activation: not Activation.None } };

        /// <summary>
        /// Whether forward zeroes the padded steps of its output, as the C# <c>Forward</c> writes them: a variable-length
        /// model with sequence outputs (pad_packed_sequence gives zeros there, but a Dense head after it its bias).
        /// </summary>
        private static bool MasksPadding(ModelPlan plan) => plan.VariableLength && plan.SequenceOutput;

        private const string ZeroPadding = "        x = x.masked_fill(~real, 0.0)  # padded steps are zeros, as the C# Forward writes them\n";

        /// <summary>What forward returns: x, and the final states when asked (models with a recurrent layer).</summary>
        private static string Returned(bool states) => states ? "(x, final_states) if return_states else x" : "x";

        /// <summary>forward's docstring: what x (and lengths, states) hold, and what it returns.</summary>
        private static string ForwardDoc(ModelPlan plan, bool logitsFlag, bool states)
        {
            string steps = plan.VariableLength ? "up to " + Num(plan.Steps) + " steps" : Num(plan.Steps) + " steps";
            string input = plan.TokenInput
                ? "x: [batch, steps] token indices (torch.long), " + steps
                : "x: [batch, steps, features] float32, " + steps + " of " + Num(plan.InputSize) + " features";
            string lengths = plan.VariableLength ? "; lengths: [batch] real steps per sequence (torch.long, on the CPU; None: all steps)" : "";
            string initial = states
                ? ";\n        states: for each recurrent layer, its initial (h_0, c_0) (LSTM) or h_0, [layers * directions, batch, hidden] (None: zeros)"
                : "";
            string output = "Returns [batch, " + (plan.SequenceOutput ? "steps, " : "") + Num(plan.OutputSize) + "]"
                + (logitsFlag ? "; with logits=True the last Dense's logits, which the loss takes" : "")
                + (states ? "; with return_states=True also the list of each recurrent layer's (h_n, c_n) or h_n" : "");
            return input + lengths + initial + ".\n        " + output + ".";
        }

        private static string? Constructor(LayerPlan layer) => layer.Decl switch
        {
            EmbeddingDecl e => "nn.Embedding(" + Num(e.Vocab) + ", " + Num(e.Dim) + ")",
            RecurrentDecl r => Recurrent(r, layer.InputWidth),
            DenseDecl d => "nn.Linear(" + Num(layer.InputWidth) + ", " + Num(d.Units) + ")",
            DropoutDecl p => "nn.Dropout(" + Float(p.P) + ")",
            _ => null,
        };

        private static string Recurrent(RecurrentDecl r, int input)
        {
            var arguments = new List<string> { Num(input), Num(r.Hidden) };
            if (r.Layers > 1) arguments.Add("num_layers=" + Num(r.Layers));
            if (r.Cell == CellKind.Rnn && r.Activation == Activation.Relu) arguments.Add("nonlinearity='relu'");
            arguments.Add("batch_first=True");
            if (r.Layers > 1 && r.Dropout > 0) arguments.Add("dropout=" + Float(r.Dropout));
            if (r.Bidirectional) arguments.Add("bidirectional=True");
            string module = r.Cell switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", _ => "RNN" };
            return "nn." + module + "(" + string.Join(", ", arguments) + ")";
        }

        /// <summary>The <c>torch.nn.init</c> calls for the initializers a layer chose (none for PyTorch's defaults).</summary>
        private static void WriteInitialization(StringBuilder text, LayerPlan layer)
        {
            string module = Reference(layer.Name);
            void Init(Initializer initializer, string tensor)
            {
                if (initializer != Initializer.Default) text.Append("        ").Append(InitCall(initializer, module + "." + tensor)).Append('\n');
            }
            switch (layer.Decl)
            {
                case EmbeddingDecl e:
                    Init(e.Weights, "weight");
                    break;
                case DenseDecl d:
                    Init(d.Weights, "weight");
                    Init(d.Biases, "bias");
                    break;
                case RecurrentDecl r:
                    // One loop over the layer's tensors (any number of stacked layers and directions), by name prefix.
                    var branches = new List<(string Prefix, Initializer Scheme)>();
                    if (r.InputWeights != Initializer.Default) branches.Add(("weight_ih", r.InputWeights));
                    if (r.RecurrentWeights != Initializer.Default) branches.Add(("weight_hh", r.RecurrentWeights));
                    if (r.Biases != Initializer.Default) branches.Add(("bias", r.Biases));
                    if (branches.Count > 0)
                    {
                        text.Append("        for name, tensor in ").Append(module).Append(".named_parameters():\n");
                        for (int b = 0; b < branches.Count; b++)
                        {
                            text.Append(b == 0 ? "            if" : "            elif").Append(" name.startswith('").Append(branches[b].Prefix).Append("'):\n")
                                .Append("                ").Append(InitCall(branches[b].Scheme, "tensor")).Append('\n');
                        }
                    }
                    if (r.ForgetBias is { } forget)
                    {
                        // Gates i, f, g, o: the forget gate's rows are hidden … 2·hidden.
                        string rows = "[" + Num(r.Hidden) + ":" + Num(2 * r.Hidden) + "]";
                        text.Append("        with torch.no_grad():\n")
                            .Append("            for name, tensor in ").Append(module).Append(".named_parameters():\n")
                            .Append("                if name.startswith('bias_ih'):\n")
                            .Append("                    tensor").Append(rows).Append(".fill_(").Append(Float(forget)).Append(")\n")
                            .Append("                elif name.startswith('bias_hh'):\n")
                            .Append("                    tensor").Append(rows).Append(".zero_()\n");
                    }
                    break;
            }
        }

        private static string InitCall(Initializer initializer, string tensor) => initializer switch
        {
            Initializer.XavierUniform => "nn.init.xavier_uniform_(" + tensor + ")",
            Initializer.XavierNormal => "nn.init.xavier_normal_(" + tensor + ")",
            Initializer.KaimingUniform => "nn.init.kaiming_uniform_(" + tensor + ", nonlinearity='relu')",
            Initializer.KaimingNormal => "nn.init.kaiming_normal_(" + tensor + ", nonlinearity='relu')",
            Initializer.Orthogonal => "nn.init.orthogonal_(" + tensor + ")",
            _ => "nn.init.zeros_(" + tensor + ")",
        };

        /// <param name="recurrentIndex">Which recurrent layer this is (its entry in states), or −1.</param>
        /// <param name="returned">What an early return (the logits switch) returns.</param>
        private static void WriteForwardLayer(StringBuilder text, ModelPlan plan, LayerPlan layer, bool returnsLogits, int recurrentIndex, string returned)
        {
            string module = Reference(layer.Name);
            switch (layer.Decl)
            {
                case RecurrentDecl r:
                    if (plan.VariableLength)
                    {
                        text.Append("        x = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)\n");
                    }
                    text.Append("        ").Append(r.ReturnSequences ? "x" : "_").Append(", state = ").Append(module)
                        .Append("(x, None if states is None else states[").Append(Num(recurrentIndex)).Append("])\n")
                        .Append("        final_states.append(state)\n");
                    if (!r.ReturnSequences) text.Append(r.Cell == CellKind.Lstm ? "        h = state[0]\n" : "        h = state\n");
                    if (r.ReturnSequences && plan.VariableLength)
                    {
                        text.Append("        x, _ = nn.utils.rnn.pad_packed_sequence(x, batch_first=True, total_length=steps)\n");
                    }
                    else if (!r.ReturnSequences)
                    {
                        // h is [layers · directions, batch, hidden]: the top layer's rows are the last ones, forward first.
                        text.Append(r.Bidirectional
                            ? "        x = torch.cat((h[-2], h[-1]), dim=1)  # last step forward, first step reverse\n"
                            : "        x = h[-1]  # the last step\n");
                    }
                    break;
                case DenseDecl d:
                    text.Append("        x = ").Append(module).Append("(x)\n");
                    if (d.Activation == Activation.None) break;
                    if (returnsLogits)
                    {
                        text.Append("        if logits:\n");
                        if (MasksPadding(plan)) text.Append("    ").Append(ZeroPadding);
                        text.Append("            return ").Append(returned).Append('\n');
                    }
                    text.Append("        x = ").Append(Activate(d.Activation)).Append('\n');
                    break;
                default:
                    text.Append("        x = ").Append(module).Append("(x)\n");
                    break;
            }
        }

        private static string Activate(Activation activation) => activation switch
        {
            Activation.Relu => "torch.relu(x)",
            Activation.Tanh => "torch.tanh(x)",
            Activation.Sigmoid => "torch.sigmoid(x)",
            _ => "torch.softmax(x, dim=-1)",
        };

        /// <summary>
        /// Conversions between the C# states (<c>[batch, StateSize]</c>: per sequence, each recurrent layer's h_n then c_n as
        /// <c>[layers · directions, hidden]</c>) and the list forward's <c>states=</c> takes and <c>return_states</c> gives.
        /// </summary>
        private static void WriteStateLayout(StringBuilder text, ModelPlan plan)
        {
            string layers = string.Join(", ", plan.Layers.Select(l => l.Decl).OfType<RecurrentDecl>()
                .Select(r => "(" + Num(r.Layers * (r.Bidirectional ? 2 : 1)) + ", " + Num(r.Hidden) + ", " + (r.Cell == CellKind.Lstm ? "True" : "False") + ")"));
            text.Append("\n    STATE_LAYERS = (").Append(layers).Append(plan.Layers.Count(l => l.Decl is RecurrentDecl) == 1 ? ",)" : ")")
                .Append("  # (layers * directions, hidden, is LSTM) of each recurrent layer\n")
                .Append("\n    @classmethod\n    def unflatten_states(cls, flat):\n")
                .Append("        \"\"\"States as the C# model lays them out ([batch, StateSize]: GetState, Forward's finalStates) -> the list\n")
                .Append("        forward(states=...) takes: per recurrent layer (h, c) for an LSTM or h, each [layers * directions, batch, hidden].\"\"\"\n")
                .Append("        flat, states, offset = flat.reshape(flat.shape[0], -1), [], 0\n")
                .Append("        for rows, hidden, lstm in cls.STATE_LAYERS:\n")
                .Append("            parts = []\n")
                .Append("            for _ in range(2 if lstm else 1):\n")
                .Append("                parts.append(flat[:, offset:offset + rows * hidden].reshape(-1, rows, hidden).transpose(0, 1).contiguous())\n")
                .Append("                offset += rows * hidden\n")
                .Append("            states.append(tuple(parts) if lstm else parts[0])\n")
                .Append("        return states\n")
                .Append("\n    @staticmethod\n    def flatten_states(states):\n")
                .Append("        \"\"\"The list forward(..., return_states=True) returns -> [batch, StateSize], as the C# model lays states out.\"\"\"\n")
                .Append("        parts = [part for state in states for part in (state if isinstance(state, tuple) else (state,))]\n")
                .Append("        return torch.cat([part.transpose(0, 1).reshape(part.shape[1], -1) for part in parts], dim=1)\n");
        }

        private static void WriteTraining(StringBuilder text, ModelPlan plan, bool logitsFlag)
        {
            if (plan.Loss is { } loss)
            {
                text.Append("\n    def loss_function(self):\n")
                    .Append("        \"\"\"").Append(LossDoc(loss, plan.SequenceOutput, plan.VariableLength, logitsFlag)).Append("\"\"\"\n")
                    .Append("        return ").Append(LossModule(loss)).Append('\n');
            }
            if (plan.Optimizer is { } optimizer)
            {
                text.Append("\n    def optimizer(self, parameters=None):\n")
                    .Append("        \"\"\"The declared optimizer over this module's parameters, or over the given ones (both modules of an\n")
                    .Append("        encoder-decoder pair, as EncoderDecoder.TrainStep updates both with the decoder's optimizer).\"\"\"\n")
                    .Append("        return ").Append(Optimizer(optimizer)).Append('\n');
            }
            if (plan.Clip is null && plan.Optimizer is not null)
            {
                // Always there for a trainable model, so training loops (and the pair recipe) call it unconditionally.
                text.Append("\n    def clip_gradients(self, parameters=None):\n")
                    .Append("        \"\"\"The model declares no gradient clipping: nothing to do (here for training loops that always call it).\"\"\"\n")
                    .Append("        pass\n");
            }
            if (plan.Clip is { } clip)
            {
                text.Append("\n    def clip_gradients(self, parameters=None):\n")
                    .Append("        \"\"\"Between loss.backward() and optimizer.step(); over this module's parameters or the given ones (a pair's:\n")
                    .Append("        one global norm over both, as EncoderDecoder.TrainStep clips).\"\"\"\n")
                    .Append("        ").Append(clip.Kind == ClipKind.Norm
                        ? "torch.nn.utils.clip_grad_norm_(" + OwnOrGiven + ", " + Float(clip.Max) + ")"
                        : "torch.nn.utils.clip_grad_value_(" + OwnOrGiven + ", " + Float(clip.Max) + ")").Append('\n');
            }
        }

        /// <summary>loss_function's docstring: what the loss takes and how it reduces (SPEC §3: the mean).</summary>
        private static string LossDoc(LossKind loss, bool sequenceOutput, bool variableLength, bool logitsFlag)
        {
            string output = logitsFlag ? "forward(..., logits=True)" : "forward's output";
            string inputs = loss switch
            {
                LossKind.CrossEntropy => "Takes " + output + " and class indices"
                    + (sequenceOutput ? " (flattened: [-1, classes] and [-1])" : ""),
                LossKind.BinaryCrossEntropy => "Takes " + output + " and probabilities",
                _ => "Takes forward's output and targets of its shape",
            };
            string mean = !sequenceOutput ? "the batch"
                : variableLength ? "the rows it is given: pass only the real steps, e.g. out[mask] and y[mask] with mask = torch.arange(steps)[None, :] < lengths[:, None], as the model's loss averages over every sequence's real steps (forward writes zeros at padded steps, which a plain mean would count)"
                : "the batch and steps";
            return inputs + "; the mean over " + mean + ".";
        }

        private static string LossModule(LossKind loss) => loss switch
        {
            LossKind.CrossEntropy => "nn.CrossEntropyLoss()",
            LossKind.BinaryCrossEntropy => "nn.BCEWithLogitsLoss()",
            LossKind.Mae => "nn.L1Loss()",
            _ => "nn.MSELoss()",
        };

        /// <summary>The parameters optimizer() and clip_gradients() work on: the module's own unless given others.</summary>
        private const string OwnOrGiven = "self.parameters() if parameters is None else parameters";

        private static string Optimizer(OptimizerDecl o)
        {
            string decay = o.WeightDecay != 0 || o.Kind == OptimizerKind.AdamW ? ", weight_decay=" + Float(o.WeightDecay) : "";
            return o.Kind switch
            {
                OptimizerKind.Sgd => "torch.optim.SGD(" + OwnOrGiven + ", lr=" + Float(o.LearningRate)
                    + (o.Momentum != 0 ? ", momentum=" + Float(o.Momentum) : "") + (o.Nesterov ? ", nesterov=True" : "") + decay + ")",
                OptimizerKind.RmsProp => "torch.optim.RMSprop(" + OwnOrGiven + ", lr=" + Float(o.LearningRate) + ", alpha=" + Float(o.Alpha)
                    + ", eps=" + Float(o.Epsilon) + (o.Momentum != 0 ? ", momentum=" + Float(o.Momentum) : "") + decay + ")",
                _ => "torch.optim." + (o.Kind == OptimizerKind.AdamW ? "AdamW" : "Adam") + "(" + OwnOrGiven + ", lr=" + Float(o.LearningRate)
                    + ", betas=(" + Float(o.Beta1) + ", " + Float(o.Beta2) + "), eps=" + Float(o.Epsilon) + decay + ")",
            };
        }

        /// <summary>
        /// <c>self.name = module</c>; <c>add_module</c> for a name Python cannot spell as an attribute; <c>_modules</c> for
        /// the name of an <c>nn.Module</c> attribute (<c>training</c>, <c>forward</c> …), which <c>add_module</c> refuses.
        /// </summary>
        private static string Assignment(string name, string module)
        {
            if (Attribute(name)) return "self." + name + " = " + module;
            if (s_moduleAttributes.Contains(name) || name.StartsWith("_")) return "self._modules[" + PythonString(name) + "] = " + module;
            return "self.add_module(" + PythonString(name) + ", " + module + ")";
        }

        private static string Reference(string name) => Attribute(name) ? "self." + name : "self._modules[" + PythonString(name) + "]";

        private static bool Attribute(string name) => Identifier(name) && !s_moduleAttributes.Contains(name) && !name.StartsWith("_");

        /// <summary>An ASCII Python identifier that is not a keyword (others are legal Python 3 but rare; quoting them is safe).</summary>
        private static bool Identifier(string name) =>
            name.Length > 0 && !char.IsDigit(name[0]) && name.All(c => c == '_' || (c < 128 && char.IsLetterOrDigit(c)))
            && !s_pythonKeywords.Contains(name);

        /// <summary>A single-quoted Python string literal, non-ASCII and control characters escaped by code point.</summary>
        private static string PythonString(string value)
        {
            var quoted = new StringBuilder("'");
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\\' || c == '\'') quoted.Append('\\').Append(c);
                else if (c >= 32 && c <= 126) quoted.Append(c);
                else
                {
                    int codePoint = char.IsSurrogatePair(value, i) ? char.ConvertToUtf32(value[i], value[++i]) : c;
                    quoted.Append("\\U").Append(codePoint.ToString("x8", CultureInfo.InvariantCulture));
                }
            }
            return quoted.Append('\'').ToString();
        }

        private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The float as Python reads it back to the same float32 (shortest round-trip digits).</summary>
        private static string Float(float value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains(".") || text.Contains("E") ? text : text + ".0";
        }
    }
}
