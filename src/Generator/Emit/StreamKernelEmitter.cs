using ModelCompiler.Generator.Model;
using ModelCompiler.Generator.Planning;

namespace ModelCompiler.Generator.Emit
{
    /// <summary>
    /// Writes the compiled streaming step of a <see cref="StreamKernelPlan"/>: the public <c>Step</c>, a class that
    /// holds the network with the operands the kernels address (checked against the runtime's layout once), and one
    /// kernel class per instruction set with every size a constant. Products keep the engine's operation order (each
    /// output lane one multiply-add chain over the inputs in order, from the bias), and the cell maths is the
    /// engine's, so a compiled step gives the same bits as the engine on every path.
    /// </summary>
    internal sealed class StreamKernelEmitter
    {
        private const string Runtime = "global::ModelCompiler.Runtime.";
        private const string Streaming = Runtime + "Streaming.";

        private static readonly IsaTarget[] Targets =
        {
            new IsaTarget("Avx512", "AVX-512", Runtime + "Simd.Avx512Isa", "Vector512", 16, 12),
            new IsaTarget("Avx2", "AVX2", Runtime + "Simd.Avx2Isa", "Vector256", 8, 8),
            new IsaTarget("Portable", "portable (128-bit)", Runtime + "Simd.PortableIsa", "Vector128", 4, 8),
        };

        /// <summary>
        /// Inputs this few are written out: input products even under <c>Tiles</c> (a loop of one to four steps is all
        /// overhead), and the finiteness test of the step's argument check.
        /// </summary>
        private const int ShortDepth = 4;

        private readonly SourceWriter _w;
        private readonly StreamKernelPlan _plan;

        private StreamKernelEmitter(SourceWriter writer, StreamKernelPlan plan)
        {
            _w = writer;
            _plan = plan;
        }

        /// <summary>The field the generated class keeps: the network and the kernels' operands, made together.</summary>
        public const string CompiledField = "_compiled";

        public static void WriteField(SourceWriter writer)
        {
            writer.Line("private readonly CompiledStep " + CompiledField + " = new CompiledStep(s_spec);");
            writer.Line("private " + Runtime + "Network _network => " + CompiledField + ".Network;");
        }

        public static void WriteStep(SourceWriter writer, StreamKernelPlan plan) => new StreamKernelEmitter(writer, plan).WriteStepMethod();

        public static void WriteKernels(SourceWriter writer, StreamKernelPlan plan)
        {
            var emitter = new StreamKernelEmitter(writer, plan);
            emitter.WriteCompiledStep();
            foreach (IsaTarget target in Targets) emitter.WriteKernel(target);
        }

        /// <summary>The step's input parameter: a token, or one step of floats.</summary>
        private string InputParameter => _plan.TokenInput ? "int token" : "global::System.ReadOnlySpan<float> x";

        private string InputArgument => _plan.TokenInput ? "token" : "x";

        private void WriteStepMethod()
        {
            _w.Line("/// <summary>");
            _w.Line(_plan.TokenInput
                ? "/// Consumes one token, writes OutputSize values, keeps the recurrent state. Compiled for"
                : "/// Consumes one step of InputSize values, writes OutputSize values, keeps the recurrent state. Compiled for");
            _w.Line("/// this model's sizes, one kernel per instruction set; the same bits as the runtime engine's step.");
            _w.Line("/// </summary>");
            _w.Open("public void Step(" + InputParameter + ", global::System.Span<float> y)");
            WriteArgumentCheck();
            _w.Open("switch (" + CompiledField + ".Network.Isa)");
            _w.Line("case " + Runtime + "Simd.Isa.Avx512: Avx512Kernel.Step(" + CompiledField + ", " + InputArgument + ", y); break;");
            _w.Line("case " + Runtime + "Simd.Isa.Avx2: Avx2Kernel.Step(" + CompiledField + ", " + InputArgument + ", y); break;");
            _w.Line("default: PortableKernel.Step(" + CompiledField + ", " + InputArgument + ", y); break;");
            _w.Close();
            _w.Close();
        }

        /// <summary>
        /// The engine's argument checks (lengths, a finite input, a token in the vocabulary) with their messages, run only
        /// when a test against this model's constants fails: a valid call pays a few compares, not a call.
        /// </summary>
        private void WriteArgumentCheck()
        {
            string check = CompiledField + ".Network.CheckStep(" + InputArgument + ", y);";
            if (_plan.TokenInput || _plan.InputSize <= ShortDepth) _w.Line("// Only a call that fails a test against this model's sizes goes to the engine's checks, which throw with their messages.");
            string outputTest = "y.Length != " + _plan.OutputSize;
            if (_plan.TokenInput)
            {
                int vocabulary = ((StreamEmbeddingPlan)_plan.Layers[0]).Vocab;
                _w.Line("if ((uint)token >= " + vocabulary + "u || " + outputTest + ") " + check);
                return;
            }
            if (_plan.InputSize > ShortDepth)
            {
                _w.Line(check);
                return;
            }
            var test = new System.Text.StringBuilder("x.Length != " + _plan.InputSize + " || " + outputTest);
            for (int i = 0; i < _plan.InputSize; i++) test.Append(" || !float.IsFinite(x[" + i + "])");
            _w.Line("if (" + test + ") " + check);
        }

        private static string Operands(StreamLayerPlan stage) => stage switch
        {
            StreamRecurrentPlan => Streaming + "RecurrentStreamOperands",
            StreamEmbeddingPlan => Streaming + "EmbeddingStreamOperands",
            _ => Streaming + "DenseStreamOperands",
        };

        /// <summary>What a stage computes, for comments (layer names made comment-safe).</summary>
        private static string Describe(StreamLayerPlan stage) => Literals.Comment(DescribeRaw(stage));

        private static string DescribeRaw(StreamLayerPlan stage)
        {
            switch (stage)
            {
                case StreamRecurrentPlan r:
                    string stack = r.StackedCount > 1 ? ", stacked layer " + (r.Stacked + 1) + " of " + r.StackedCount : "";
                    string cell = r.Cell == CellKind.Rnn ? (r.Relu ? "Rnn (ReLU)" : "Rnn (tanh)") : r.Cell.ToString();
                    return "'" + r.Name + "': " + cell + stack + ", " + r.Input + " → " + r.Hidden;
                case StreamDensePlan d:
                    return "'" + d.Name + "': Dense " + d.Input + " → " + d.Units + (d.Activation == Activation.None ? "" : ", " + d.Activation);
                case StreamEmbeddingPlan e:
                    return "'" + e.Name + "': Embedding " + e.Vocab + " × " + e.Dim;
                default:
                    return stage.Name;
            }
        }

        /// <summary>The network plus one operand object per stage, and the check that the runtime pads as the kernels assume.</summary>
        private void WriteCompiledStep()
        {
            _w.Line();
            _w.Line("/// <summary>The network and the operands of the compiled step, created together with the model.</summary>");
            _w.Open("private sealed class CompiledStep");
            _w.Line("public readonly " + Runtime + "Network Network;");
            for (int s = 0; s < _plan.Layers.Count; s++)
            {
                _w.Line("public readonly " + Operands(_plan.Layers[s]) + " Stage" + s + "; // " + Describe(_plan.Layers[s]));
            }
            _w.Line();
            _w.Open("public CompiledStep(" + Runtime + "NetworkSpec spec)");
            _w.Line("Network = new " + Runtime + "Network(spec);");
            for (int s = 0; s < _plan.Layers.Count; s++)
            {
                StreamLayerPlan stage = _plan.Layers[s];
                string field = "Stage" + s;
                if (stage is StreamRecurrentPlan r)
                {
                    _w.Line(field + " = Network.RecurrentStreamOperands(" + r.LayerIndex + ", " + r.Stacked + ");");
                    _w.Line("RequireLayout(" + field + ".InputDepth == " + r.Input + " && " + field + ".HiddenPadded == " + StreamLayout.Padded(r.Hidden)
                        + " && " + field + ".GatesPadded == " + r.GatesPadded + " && " + field + ".WeightStride == " + r.WeightStride
                        + " && " + field + ".RecurrentRunLength == " + ProductRuns.Length(r.Hidden)
                        + ", " + Literals.String(r.Name) + ");");
                }
                else if (stage is StreamEmbeddingPlan e)
                {
                    _w.Line(field + " = Network.EmbeddingStreamOperands(" + e.LayerIndex + ");");
                    _w.Line("RequireLayout(" + field + ".Vocabulary == " + e.Vocab + " && " + field + ".Dimension == " + e.Dim + ", " + Literals.String(e.Name) + ");");
                }
                else
                {
                    _w.Line(field + " = Network.DenseStreamOperands(" + stage.LayerIndex + ");");
                    _w.Line("RequireLayout(" + field + ".InputDepth == " + stage.Input + " && " + field + ".UnitsPadded == " + stage.OutputPadded
                        + " && " + field + ".RunLength == " + ProductRuns.Length(stage.Input) + ", " + Literals.String(stage.Name) + ");");
                }
            }
            _w.Close();
            _w.Line();
            _w.Open("private static void RequireLayout(bool matches, string layer)");
            _w.Line("if (!matches) throw new global::System.InvalidOperationException(\"The compiled step of layer '\" + layer + \"' does not match the runtime's layout: rebuild with the ModelCompiler generator that ships with this runtime.\");");
            _w.Close();
            _w.Close();
        }

        private void WriteKernel(IsaTarget isa)
        {
            _w.Line();
            _w.Line("/// <summary>The compiled step on the " + isa.Description + " path: " + isa.Width + " lanes per vector, every size a constant.</summary>");
            _w.Open("private sealed class " + isa.Name + "Kernel : " + Streaming + "StreamKernelMath<" + isa.IsaType + ", " + isa.VectorType + ">");
            _w.Open("public static void Step(CompiledStep k, " + InputParameter + ", global::System.Span<float> y)");
            if (!_plan.TokenInput) _w.Line("ref float input0 = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(x);");
            string input = "input0";
            for (int s = 0; s < _plan.Layers.Count; s++)
            {
                StreamLayerPlan stage = _plan.Layers[s];
                string next = "input" + (s + 1);
                if (stage is StreamEmbeddingPlan embedding)
                {
                    _w.Line("// Stage " + s + ", " + Describe(embedding) + ": the token's row of the table (the token was checked) is the next input.");
                    _w.Line("ref float " + next + " = ref k.Stage" + s + ".Row(token);");
                    input = next;
                    continue;
                }
                _w.Line();
                // Every stage's output is a padded row of at least 16 floats; x and an embedding row are not.
                bool inputIsPaddedRow = s > 0 && !(_plan.Layers[s - 1] is StreamEmbeddingPlan);
                if (stage is StreamRecurrentPlan r) WriteRecurrent(isa, r, s, input);
                else WriteDense(isa, (StreamDensePlan)stage, s, input, inputIsPaddedRow);
                _w.Line("ref float " + next + " = ref k.Stage" + s + "." + (stage is StreamRecurrentPlan ? "Hidden" : "Output") + ";");
                input = next;
            }
            _w.Line();
            _w.Line("// The real outputs of the last stage into y (its length was checked).");
            _w.Line("ref float result = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(y);");
            if (_plan.OutputSize <= 4)
            {
                for (int i = 0; i < _plan.OutputSize; i++) _w.Line("SetAt(ref result, " + i + ", At(ref " + input + ", " + i + "));");
            }
            else
            {
                _w.Line("global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref " + input + ", " + _plan.OutputSize + ").CopyTo(y);");
            }
            _w.Line("global::System.GC.KeepAlive(k); // the operands address pinned buffers through untracked references: keep them alive to here");
            _w.Close();
            _w.Close();
        }

        private void WriteRecurrent(IsaTarget isa, StreamRecurrentPlan r, int stage, string input)
        {
            int hp = StreamLayout.Padded(r.Hidden), gp = r.GatesPadded, stride = r.WeightStride, w = isa.Width;
            int vectors = gp / w, hiddenVectors = hp / w;
            bool unrolled = UnrollBudget.Unrolls(_plan.Unroll, vectors, r.Input + r.Hidden, isa.Block);
            int recurrentRun = ProductRuns.Length(r.Hidden);
            _w.Line("// Stage " + stage + ", " + Describe(r) + ": " + r.Gates + " gate block" + (r.Gates > 1 ? "s" : "") + " of " + hp + " floats = "
                + vectors + " vectors. " + GateComment(r));
            string tiles = "register tiles of up to " + isa.Block + " vectors in constant-bound loops";
            _w.Line("// xg = b_ih + W_ih·input (" + r.Input + " inputs), rh = b_hh + W_hh·h (" + r.Hidden + " inputs" + RunsComment(r.Hidden, recurrentRun) + "): "
                + (unrolled ? "unrolled, " + (vectors * (r.Input + r.Hidden)) + " multiply-adds"
                    : r.Input <= ShortDepth ? "xg written out, rh in " + tiles : tiles) + ".");
            _w.OpenBlock();
            _w.Line("var ops = k.Stage" + stage + ";");
            _w.Line("ref float h = ref ops.Hidden;");
            if (r.Cell == CellKind.Lstm) _w.Line("ref float c = ref ops.Cell;");
            if (unrolled)
            {
                WriteUnrolledProduct(isa, "xg", input, "ops.InputWeights", "ops.InputBias", r.Input, r.Input, stride, vectors);
                WriteUnrolledProduct(isa, "rh", "h", "ops.RecurrentWeights", "ops.RecurrentBias", r.Hidden, recurrentRun, stride, vectors);
                for (int j = 0; j < hiddenVectors; j++)
                {
                    WriteCell(r, "xg{0}", "rh{0}", hiddenVectors, j, (j * w).ToString(System.Globalization.CultureInfo.InvariantCulture), unrolledSources: true);
                }
            }
            else
            {
                _w.Line("ref float xgRow = ref ops.InputProduct;");
                _w.Line("ref float rhRow = ref ops.RecurrentProduct;");
                if (r.Input <= ShortDepth)
                {
                    // A few inputs (a sensor stream has one): one multiply-add per vector and input, written out.
                    WriteUnrolledProduct(isa, "xg", input, "ops.InputWeights", "ops.InputBias", r.Input, r.Input, stride, vectors);
                    for (int v = 0; v < vectors; v++) _w.Line(isa.VectorClass + ".StoreUnsafe(xg" + v + ", ref xgRow, " + (v * w) + ");");
                }
                else
                {
                    WriteTiledProduct(isa, "xgRow", input, "ops.InputWeights", "ops.InputBias", r.Input, r.Input, stride, vectors);
                }
                WriteTiledProduct(isa, "rhRow", "h", "ops.RecurrentWeights", "ops.RecurrentBias", r.Hidden, recurrentRun, stride, vectors);
                _w.Open("for (nuint j = 0; j < " + hp + "; j += " + w + ")");
                WriteCell(r, "xgRow", "rhRow", hiddenVectors, 0, "j", unrolledSources: false);
                _w.Close();
            }
            _w.Close();
        }

        private static string GateComment(StreamRecurrentPlan r) => r.Cell switch
        {
            CellKind.Lstm => "i, f = σ(xg + rh), g = tanh(xg + rh); c = f·c + i·g; h = σ(xg_o + rh_o)·tanh(c).",
            CellKind.Gru => "r, z = σ(xg + rh), n = tanh(xg_n + r·rh_n); h = n + z·(h − n).",
            _ => "h = " + (r.Relu ? "relu" : "tanh") + "(xg + rh).",
        };

        /// <summary>
        /// The element-wise cell update of hidden vector <paramref name="j"/> (or of the loop's <c>j</c>). Sources are
        /// either accumulator names (<c>xg{index}</c>) or scratch rows read at <c>gate·hp + offset</c>.
        /// </summary>
        private void WriteCell(StreamRecurrentPlan r, string xg, string rh, int hiddenVectors, int j, string offset, bool unrolledSources)
        {
            int hp = StreamLayout.Padded(r.Hidden);
            string Source(string row, int gate)
            {
                if (unrolledSources) return string.Format(System.Globalization.CultureInfo.InvariantCulture, row, gate * hiddenVectors + j);
                return "Load(ref " + row + ", " + (gate == 0 ? "" : (gate * hp) + " + ") + offset + ")";
            }
            string suffix = unrolledSources ? j.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            switch (r.Cell)
            {
                case CellKind.Lstm:
                    _w.Line("// c = σ(f)·c + σ(i)·tanh(g) as one quotient, h = σ(o)·tanh(c) as another: two divisions per step.");
                    _w.Line("var cell" + suffix + " = LstmCellState(Add(" + Source(xg, 0) + ", " + Source(rh, 0) + "), Add(" + Source(xg, 1) + ", " + Source(rh, 1)
                        + "), Add(" + Source(xg, 2) + ", " + Source(rh, 2) + "), Load(ref c, " + offset + "));");
                    _w.Line("Store(cell" + suffix + ", ref c, " + offset + ");");
                    _w.Line("Store(TanhTimesSigmoid(cell" + suffix + ", Add(" + Source(xg, 3) + ", " + Source(rh, 3) + ")), ref h, " + offset + ");");
                    break;
                case CellKind.Gru:
                    _w.Line("var r" + suffix + " = Sigmoid(Add(" + Source(xg, 0) + ", " + Source(rh, 0) + "));");
                    _w.Line("var z" + suffix + " = Sigmoid(Add(" + Source(xg, 1) + ", " + Source(rh, 1) + "));");
                    _w.Line("var n" + suffix + " = Tanh(MultiplyAdd(r" + suffix + ", " + Source(rh, 2) + ", " + Source(xg, 2) + "));");
                    _w.Line("Store(MultiplyAdd(z" + suffix + ", Subtract(Load(ref h, " + offset + "), n" + suffix + "), n" + suffix + "), ref h, " + offset + ");");
                    break;
                default:
                    _w.Line("Store(" + (r.Relu ? "Relu" : "Tanh") + "(Add(" + Source(xg, 0) + ", " + Source(rh, 0) + ")), ref h, " + offset + ");");
                    break;
            }
        }

        private void WriteDense(IsaTarget isa, StreamDensePlan d, int stage, string input, bool inputIsPaddedRow)
        {
            int up = d.OutputPadded, w = isa.Width, vectors = up / w;
            bool unrolled = UnrollBudget.Unrolls(_plan.Unroll, vectors, d.Input, isa.Block);
            int run = ProductRuns.Length(d.Input);
            bool runLanes = unrolled && RunLaneProduct.Applies(w, d, run, inputIsPaddedRow);
            // Element-wise activations apply in registers; Softmax runs the engine's row softmax after the store.
            string activation = d.Activation switch
            {
                Activation.Relu => "Relu",
                Activation.Tanh => "Tanh",
                Activation.Sigmoid => "Sigmoid",
                _ => "",
            };
            bool softmax = d.Activation == Activation.Softmax;
            string formula = softmax ? "softmax(b + W·input)" : activation.Length > 0 ? activation.ToLowerInvariant() + "(b + W·input)" : "b + W·input";
            _w.Line("// Stage " + stage + ", " + Describe(d) + ": out = " + formula
                + ", " + vectors + " vector" + (vectors > 1 ? "s" : "") + " over " + d.Input + " inputs" + RunsComment(d.Input, run) + ": "
                + (runLanes ? "one output, the " + (d.Input / run) + " runs side by side in lanes, " + run + " multiply-adds on permuted inputs"
                    : unrolled ? "unrolled, " + (vectors * d.Input) + " multiply-adds" : "register tiles in constant-bound loops") + ".");
            _w.OpenBlock();
            _w.Line("var ops = k.Stage" + stage + ";");
            _w.Line("ref float output = ref ops.Output;");
            if (runLanes)
            {
                RunLaneProduct.Write(_w, input, d.Input, run, activation);
            }
            else if (unrolled)
            {
                WriteUnrolledProduct(isa, "out", input, "ops.Weights", "ops.Bias", d.Input, run, up, vectors);
                for (int v = 0; v < vectors; v++)
                {
                    string value = activation.Length > 0 ? activation + "(out" + v + ")" : "out" + v;
                    _w.Line("Store(" + value + ", ref output, " + (v * w) + ");");
                }
            }
            else
            {
                WriteTiledProduct(isa, "output", input, "ops.Weights", "ops.Bias", d.Input, run, up, vectors);
                if (activation.Length > 0)
                {
                    _w.Line("for (nuint j = 0; j < " + up + "; j += " + w + ") Store(" + activation + "(Load(ref output, j)), ref output, j);");
                }
            }
            if (softmax) _w.Line("Softmax(ref output, " + up + ", " + d.Units + ");");
            _w.Close();
        }

        /// <summary>"vector 3" or "vectors 0–3", for comments.</summary>
        private static string Vectors(int first, int count) =>
            count == 1 ? "vector " + first : "vectors " + first + "–" + (first + count - 1);

        /// <summary>", summed in runs of L": the summation order of <see cref="ProductRuns"/>, when it splits.</summary>
        private static string RunsComment(int depth, int runLength) =>
            runLength < depth ? ", summed in runs of " + runLength + " from the bias, then from zero, added in order" : "";

        /// <summary>
        /// acc_v = bias_v, then for every input p in order acc_v = input[p]·W[p, v] + acc_v, all written out: the
        /// accumulators <c>{name}0…</c> stay in registers. The lines call the vector intrinsics directly. A product in
        /// runs (<see cref="ProductRuns"/>) sums every later run into <c>{name}Part{v}</c> from zero and adds it; the
        /// vectors then go in groups of half a register block, so accumulators and parts both stay in registers.
        /// </summary>
        private void WriteUnrolledProduct(IsaTarget isa, string name, string input, string weights, string bias, int depth, int runLength, int rowFloats, int vectors)
        {
            string v512 = isa.VectorClass, wRef = name + "Weights";
            _w.Line("ref float " + wRef + " = ref " + weights + ";");
            _w.Line("ref float " + name + "Bias = ref " + bias + ";");
            for (int v = 0; v < vectors; v++) _w.Line("var " + name + v + " = " + v512 + ".LoadUnsafe(ref " + name + "Bias, " + (v * isa.Width) + ");");
            if (runLength >= depth)
            {
                WriteUnrolledRun(isa, name, input, wRef, 0, depth, rowFloats, 0, vectors, part: false);
                return;
            }
            int group = System.Math.Max(1, isa.Block / 2);
            for (int first = 0; first < vectors; first += group)
            {
                int count = System.Math.Min(group, vectors - first);
                for (int start = 0; start < depth; start += runLength)
                {
                    int length = System.Math.Min(runLength, depth - start);
                    _w.Line("// " + name + " " + Vectors(first, count) + ", inputs " + start + "–" + (start + length - 1)
                        + (start == 0 ? ": chained from the bias." : ": chained from zero, then added."));
                    _w.OpenBlock();
                    WriteUnrolledRun(isa, name, input, wRef, start, length, rowFloats, first, count, part: start > 0);
                    _w.Close();
                }
            }
        }

        /// <summary>
        /// Inputs [start, start + length) into vectors [first, first + count): straight into the accumulators, or
        /// (<paramref name="part"/>) into parts from zero that are then added to them.
        /// </summary>
        private void WriteUnrolledRun(IsaTarget isa, string name, string input, string wRef, int start, int length, int rowFloats, int first, int count, bool part)
        {
            string v512 = isa.VectorClass;
            string Target(int v) => part ? name + "Part" + v : name + v;
            if (part)
            {
                for (int v = first; v < first + count; v++) _w.Line("var " + Target(v) + " = " + v512 + "<float>.Zero;");
            }
            for (int p = start; p < start + length; p++)
            {
                string scalar = name + "In" + p;
                _w.Line("var " + scalar + " = " + v512 + ".Create(At(ref " + input + ", " + p + "));");
                for (int v = first; v < first + count; v++)
                {
                    _w.Line(Target(v) + " = " + v512 + ".FusedMultiplyAdd(" + scalar + ", " + v512 + ".LoadUnsafe(ref " + wRef + ", "
                        + ((long)p * rowFloats + v * isa.Width) + "), " + Target(v) + ");");
                }
            }
            if (part)
            {
                for (int v = first; v < first + count; v++) _w.Line(name + v + " = " + v512 + ".Add(" + name + v + ", " + Target(v) + ");");
            }
        }

        /// <summary>
        /// The same product into the row <paramref name="target"/>: blocks of up to <see cref="IsaTarget.Block"/>
        /// accumulators, each kept in registers across a constant-bound loop over the inputs. A product in runs stores
        /// the first run and adds every later one (summed from zero) to the row.
        /// </summary>
        private void WriteTiledProduct(IsaTarget isa, string target, string input, string weights, string bias, int depth, int runLength, int rowFloats, int vectors)
        {
            string v512 = isa.VectorClass, wRef = target + "Weights";
            _w.Line("ref float " + wRef + " = ref " + weights + ";");
            _w.Line("ref float " + target + "Bias = ref " + bias + ";");
            for (int first = 0; first < vectors; first += isa.Block)
            {
                int count = System.Math.Min(isa.Block, vectors - first);
                for (int start = 0; start == 0 || start < depth; start += runLength)
                {
                    int end = System.Math.Min(depth, start + runLength);
                    bool part = start > 0;
                    if (runLength < depth)
                    {
                        _w.Line("// " + Vectors(first, count) + ", inputs " + start + "–" + (end - 1)
                            + (part ? ": chained from zero, then added to the row." : ": chained from the bias."));
                    }
                    _w.OpenBlock();
                    for (int v = 0; v < count; v++)
                    {
                        string initial = part ? v512 + "<float>.Zero" : v512 + ".LoadUnsafe(ref " + target + "Bias, " + ((first + v) * isa.Width) + ")";
                        _w.Line("var acc" + v + " = " + initial + ";");
                    }
                    _w.Open("for (nuint p = " + start + ", row = " + ((long)start * rowFloats) + "; p < " + end + "; p++, row += " + rowFloats + ")");
                    _w.Line("var scalar = " + v512 + ".Create(At(ref " + input + ", p));");
                    for (int v = 0; v < count; v++)
                    {
                        _w.Line("acc" + v + " = " + v512 + ".FusedMultiplyAdd(scalar, " + v512 + ".LoadUnsafe(ref " + wRef + ", row + " + ((first + v) * isa.Width) + "), acc" + v + ");");
                    }
                    _w.Close();
                    for (int v = 0; v < count; v++)
                    {
                        string offset = ((first + v) * isa.Width).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        string value = part ? v512 + ".Add(" + v512 + ".LoadUnsafe(ref " + target + ", " + offset + "), acc" + v + ")" : "acc" + v;
                        _w.Line(v512 + ".StoreUnsafe(" + value + ", ref " + target + ", " + offset + ");");
                    }
                    _w.Close();
                }
            }
        }

        private sealed class IsaTarget
        {
            public IsaTarget(string name, string description, string isaType, string vector, int width, int block)
            {
                Name = name;
                Description = description;
                IsaType = isaType;
                VectorClass = "global::System.Runtime.Intrinsics." + vector;
                VectorType = VectorClass + "<float>";
                Width = width;
                Block = block;
            }

            public string Name { get; }
            public string Description { get; }
            public string IsaType { get; }
            public string VectorType { get; }

            /// <summary>The static class of the vector intrinsics (the products call them directly: the JIT expands them without inlining, which runs out of budget in long straight-line kernels).</summary>
            public string VectorClass { get; }
            public int Width { get; }

            /// <summary>Accumulators per register tile: 12 of AVX-512's 32 registers; the 16-register paths stop at 8.</summary>
            public int Block { get; }
        }
    }
}
