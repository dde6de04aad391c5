using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelCompiler.Generator.Model;
using ModelCompiler.Generator.Planning;

namespace ModelCompiler.Generator.Diagnostics
{
    /// <summary>
    /// Stage 2: every rule of SPEC §2 over a <see cref="ModelDecl"/>, collecting all problems in one pass (the user
    /// sees every mistake at once). Pure: no Roslyn types, so it is unit-testable on plain records.
    /// </summary>
    internal sealed class ShapeChecker
    {
        private readonly ModelDecl _decl;
        private readonly List<Problem> _problems = new();
        private readonly List<LayerDecl> _layers;
        private readonly string[] _names;

        private ShapeChecker(ModelDecl decl)
        {
            _decl = decl;
            _layers = decl.Attributes.OfType<LayerDecl>().ToList();
            _names = LayerNamer.Resolve(_layers);
        }

        public static IReadOnlyList<Problem> Check(ModelDecl decl)
        {
            var checker = new ShapeChecker(decl);
            checker.CheckClass();
            checker.CheckOptions();
            checker.CheckInputs();
            checker.CheckLayers();
            checker.CheckShapes();
            checker.CheckTraining();
            return checker._problems;
        }

        private string ClassName => _decl.Class.Name;

        private void Report(string id, ArgRef where, params string[] args) => _problems.Add(new Problem(id, where, args));

        private void CheckClass()
        {
            ClassInfo c = _decl.Class;
            if (c.NotPartial is { } notPartial) Report(DiagnosticIds.NotPartial, ArgRef.Class, notPartial);
            if (c.IsGeneric) Report(DiagnosticIds.Generic, ArgRef.Class, c.Name);
            if (c.UnsupportedKind is { } kind) Report(DiagnosticIds.NotAnInstanceClass, ArgRef.Class, c.Name, kind);
            if (c.SplitAcrossDeclarations) Report(DiagnosticIds.SplitDeclarations, ArgRef.Class, c.Name);
            if (c.FileLocal is { } fileLocal) Report(DiagnosticIds.FileLocal, ArgRef.Class, fileLocal);
            if (c.CompiledTwice is { } copy) Report(DiagnosticIds.GeneratedCodeCompiledTwice, ArgRef.Class, c.Name, copy);
            foreach (NameClash clash in c.NameClashes.Where(clash => GeneratedMemberNames.IsGeneratedFor(clash.Name, _decl)))
                Report(DiagnosticIds.GeneratedMemberName, ArgRef.Class, c.Name, clash.What, clash.Name);
            if (c.MethodSignatures.Count > 0)
            {
                HashSet<string> generated = GeneratedMethodSignatures.For(_decl);
                foreach (string signature in c.MethodSignatures)
                {
                    if (generated.Contains(signature)) Report(DiagnosticIds.GeneratedMemberName, ArgRef.Class, c.Name, "method", signature);
                }
            }
        }

        private void CheckOptions()
        {
            ModelOptionsDecl o = _decl.Options;
            if (o.StepsSet && o.MaxStepsSet) Report(DiagnosticIds.StepsAndMaxSteps, new ArgRef(o.Attribute, "MaxSteps"), Num(o.Steps), Num(o.MaxSteps));
            else if (!o.StepsSet && !o.MaxStepsSet) Report(DiagnosticIds.NoSteps, ArgRef.Whole(o.Attribute), ClassName);
            if (o.StepsSet) Positive(o.Steps, new ArgRef(o.Attribute, "Steps"), "Steps", $"model '{ClassName}'");
            if (o.MaxStepsSet) Positive(o.MaxSteps, new ArgRef(o.Attribute, "MaxSteps"), "MaxSteps", $"model '{ClassName}'");
            // Fixed-length models get the typed buffers (inline arrays); variable-length ones compile in any version.
            if (o.StepsSet && !o.MaxStepsSet && _decl.Class.OldLanguageVersion is { } version) Report(DiagnosticIds.OldLanguageVersion, ArgRef.Class, ClassName, version);
            else if (_decl.Class.BelowCSharp9 && _decl.Class.OldLanguageVersion is { } older) Report(DiagnosticIds.BelowCSharp9, ArgRef.Class, ClassName, older);
            Positive(o.Batch, new ArgRef(o.Attribute, "Batch"), "Batch", $"model '{ClassName}'");
            Defined(o.Unroll, new ArgRef(o.Attribute, "Unroll"), "Unroll", $"model '{ClassName}'");
            // Every activation buffer holds BatchSize × steps rows: past an int it cannot exist, whatever the widths.
            string stepsName = o.MaxStepsSet ? "MaxSteps" : "Steps";
            int steps = o.MaxStepsSet ? o.MaxSteps : o.Steps;
            if (o.Batch > 0 && steps > 0 && o.StepsSet != o.MaxStepsSet) // exactly one declared (else MC0013/MC0014)
            {
                ArgRef larger = o.Batch > steps ? new ArgRef(o.Attribute, "Batch") : new ArgRef(o.Attribute, stepsName);
                FitsInt((double)o.Batch * steps, larger, $"BatchSize × {stepsName}, the rows of every activation buffer ({Num(o.Batch)} × {Num(steps)})");
            }
        }

        private void CheckInputs()
        {
            var inputs = _decl.Attributes.OfType<InputDecl>().ToList();
            foreach (InputDecl input in inputs) Positive(input.Features, new ArgRef(input.Attribute, "features", 0), "Features", "Input");
            for (int i = 1; i < inputs.Count; i++) Report(DiagnosticIds.Duplicate, ArgRef.Whole(inputs[i].Attribute), "Input", "Input", "input");

            // Layers are read in source order from the input on: an [Input] written after one misleads the reader.
            LayerDecl? before = inputs.Count == 0 ? null : _decl.Attributes.TakeWhile(a => !ReferenceEquals(a, inputs[0])).OfType<LayerDecl>().FirstOrDefault();
            // An Embedding before it gets MC0003 (an embedding model has no [Input]), which says what to change.
            if (before is not null and not EmbeddingDecl) Report(DiagnosticIds.InputAfterLayer, ArgRef.Whole(inputs[0].Attribute), Describe(_layers.IndexOf(before)));

            var embeddings = _layers.OfType<EmbeddingDecl>().ToList();
            if (inputs.Count == 0 && embeddings.Count == 0) Report(DiagnosticIds.NoInput, ArgRef.Whole(_decl.Options.Attribute), ClassName);
            for (int i = 0; i < _layers.Count; i++)
            {
                if (_layers[i] is not EmbeddingDecl embedding) continue;
                if (inputs.Count > 0) Report(DiagnosticIds.EmbeddingNotFirst, ArgRef.Whole(embedding.Attribute), _names[i], "the model also declares [Input]");
                else if (i > 0) Report(DiagnosticIds.EmbeddingNotFirst, ArgRef.Whole(embedding.Attribute), _names[i], $"{Describe(0)} comes before it");
            }
        }

        private void CheckLayers()
        {
            var firstByName = new Dictionary<string, int>();
            // Each layer's input width (in double: no overflow), for the sizes of its input weights; the argument that
            // sets it, to blame when the width is the larger factor; and whether that size already has a diagnostic
            // (not positive, or too large), so that it does not cascade into the next layer's.
            InputDecl? input = _decl.Attributes.OfType<InputDecl>().FirstOrDefault();
            double width = input?.Features ?? 0;
            ArgRef? widthSource = input is null ? null : new ArgRef(input.Attribute, "features", 0);
            bool widthReported = width <= 0;
            for (int i = 0; i < _layers.Count; i++)
            {
                LayerDecl layer = _layers[i];
                string who = Describe(i);
                bool sizeReported = false;
                switch (layer)
                {
                    case EmbeddingDecl e:
                        Positive(e.Vocab, new ArgRef(e.Attribute, "vocab", 0), "Vocab", who);
                        Positive(e.Dim, new ArgRef(e.Attribute, "dim", 1), "Dim", who);
                        sizeReported = e.Vocab <= 0 || e.Dim <= 0
                            || !FitsInt((double)e.Vocab * e.Dim, e.Dim > e.Vocab ? new ArgRef(e.Attribute, "dim", 1) : new ArgRef(e.Attribute, "vocab", 0), $"the table of {who} ({Num(e.Vocab)} × {Num(e.Dim)})");
                        Defined(e.Weights, new ArgRef(e.Attribute, "Weights"), "Weights", who);
                        break;
                    case RecurrentDecl r:
                        Positive(r.Hidden, new ArgRef(r.Attribute, "hidden", 0), "Hidden", who);
                        Positive(r.Layers, new ArgRef(r.Attribute, "Layers"), "Layers", who);
                        sizeReported = r.Hidden <= 0 || r.Layers <= 0 || !RecurrentWeightsFit(r, i, width, widthSource, widthReported);
                        Probability(r.Dropout, new ArgRef(r.Attribute, "Dropout"), "Dropout", who);
                        if (r.Dropout > 0 && r.Dropout < 1 && r.Layers == 1) Report(DiagnosticIds.DropoutWithOneLayer, new ArgRef(r.Attribute, "Dropout"), who, Num(r.Dropout));
                        if (r.Cell == CellKind.Rnn && !System.Enum.IsDefined(typeof(Activation), r.Activation))
                        {
                            Defined(r.Activation, new ArgRef(r.Attribute, "Activation"), "Activation", who);
                        }
                        else if (r.Cell == CellKind.Rnn && r.Activation is not (Activation.Tanh or Activation.Relu))
                        {
                            Report(DiagnosticIds.RnnActivation, new ArgRef(r.Attribute, "Activation"), _names[i], r.Activation.ToString());
                        }
                        Defined(r.InputWeights, new ArgRef(r.Attribute, "InputWeights"), "InputWeights", who);
                        Defined(r.RecurrentWeights, new ArgRef(r.Attribute, "RecurrentWeights"), "RecurrentWeights", who);
                        BiasInitializer(r.Biases, new ArgRef(r.Attribute, "Biases"), who);
                        if (r.ForgetBias is { } forget && (float.IsNaN(forget) || float.IsInfinity(forget)))
                        {
                            Report(DiagnosticIds.HyperparameterOutOfRange, new ArgRef(r.Attribute, "ForgetBias"), "ForgetBias", who, "finite", Num(forget));
                        }
                        break;
                    case DenseDecl d:
                        var units = new ArgRef(d.Attribute, "units", 0);
                        Positive(d.Units, units, "Units", who);
                        sizeReported = d.Units <= 0
                            || (!widthReported && !FitsInt((double)d.Units * width, Larger(d.Units, units, width, widthSource), $"the weights of {who} ({Num(d.Units)} × {Num(width)} inputs)"));
                        // A softmax over one unit under BinaryCrossEntropy gets MC0008, which names the activation to use.
                        bool lastUnderBce = i == _layers.Count - 1 && _decl.Attributes.OfType<LossDecl>().FirstOrDefault()?.Kind == LossKind.BinaryCrossEntropy;
                        if (d.Units == 1 && d.Activation == Activation.Softmax && !lastUnderBce)
                        {
                            string advice = i == _layers.Count - 1 ? OneClassAdvice : "give it more units, or Activation.Sigmoid for a gate between 0 and 1";
                            Report(DiagnosticIds.ConstantSingleUnit, units, _names[i], "its softmax is always 1", advice);
                        }
                        Defined(d.Activation, new ArgRef(d.Attribute, "Activation"), "Activation", who);
                        Defined(d.Weights, new ArgRef(d.Attribute, "Weights"), "Weights", who);
                        BiasInitializer(d.Biases, new ArgRef(d.Attribute, "Biases"), who);
                        break;
                    case DropoutDecl p:
                        Probability(p.P, new ArgRef(p.Attribute, "p", 0), "P", who);
                        break;
                }
                switch (layer)
                {
                    case EmbeddingDecl e:
                        (width, widthSource, widthReported) = (e.Dim, new ArgRef(e.Attribute, "dim", 1), sizeReported);
                        break;
                    case RecurrentDecl r:
                        (width, widthSource, widthReported) = ((double)r.Hidden * (r.Bidirectional ? 2 : 1), new ArgRef(r.Attribute, "hidden", 0), sizeReported);
                        break;
                    case DenseDecl d:
                        (width, widthSource, widthReported) = (d.Units, new ArgRef(d.Attribute, "units", 0), sizeReported);
                        break;
                }
                if (layer.Name is { } name && (name.Length == 0 || name.Contains(".")))
                {
                    Report(DiagnosticIds.InvalidLayerName, new ArgRef(layer.Attribute, "Name"), Kind(i), name, name.Length == 0 ? "the name is empty" : "the name contains '.'");
                }
                if (firstByName.TryGetValue(_names[i], out int first))
                {
                    ArgRef where = layer.Name is null ? ArgRef.Whole(layer.Attribute) : new ArgRef(layer.Attribute, "Name");
                    string what = layer.Name is null ? $"The unnamed {Kind(i)} gets the default name" : $"{Kind(i)} is named";
                    string other = _layers[first].Name is null ? $"the unnamed {Kind(first)} before it" : Describe(first);
                    Report(DiagnosticIds.DuplicateLayerName, where, what, _names[i], other);
                }
                else
                {
                    firstByName.Add(_names[i], i);
                }
            }
        }

        /// <summary>
        /// MC0021 for a recurrent layer's weights, once, on the size at fault: weight_hh of all stacked layers and
        /// directions on the hidden size, or on <c>Layers</c> when one layer's would fit; the input weights (checked
        /// only when the recurrent ones fit and the input width has no diagnostic of its own) on the larger of the
        /// hidden size and the input width.
        /// </summary>
        private bool RecurrentWeightsFit(RecurrentDecl r, int index, double width, ArgRef? widthSource, bool widthReported)
        {
            string who = Describe(index);
            int gates = r.Cell == CellKind.Lstm ? 4 : r.Cell == CellKind.Gru ? 3 : 1;
            double directions = r.Bidirectional ? 2 : 1;
            var hidden = new ArgRef(r.Attribute, "hidden", 0);
            string perLayer = $"{Num(gates)} × {Num(r.Hidden)} × {Num(r.Hidden)} per layer and direction";
            bool oneLayerFits = gates * (double)r.Hidden * r.Hidden * directions <= int.MaxValue;
            if (!FitsInt(gates * (double)r.Hidden * r.Hidden * directions * r.Layers,
                oneLayerFits ? new ArgRef(r.Attribute, "Layers") : hidden,
                $"the recurrent weights of {who} ({perLayer}{(oneLayerFits ? $", {Num(r.Layers)} layers" : "")})")) return false;
            return widthReported || FitsInt(gates * (double)r.Hidden * width, Larger(r.Hidden, hidden, width, widthSource),
                $"the input weights of {who} ({Num(gates)} × {Num(r.Hidden)} × {Num(width)} inputs)");
        }

        /// <summary>The argument of the larger factor of a layer's input weights: its own size or its input width.</summary>
        private static ArgRef Larger(int size, ArgRef sizeArgument, double width, ArgRef? widthSource) =>
            widthSource is not null && width > size ? widthSource : sizeArgument;

        /// <summary>Walks the layers as the runtime will: only sequences feed recurrent layers.</summary>
        private void CheckShapes()
        {
            int start = _layers.Count > 0 && _layers[0] is EmbeddingDecl ? 1 : 0;
            // Dropout alone has no parameters: nothing to learn, and nothing between the input and the output. (An
            // Embedding beside an [Input] already has MC0003.)
            bool embeddingAndInput = _layers.OfType<EmbeddingDecl>().Any() && _decl.Attributes.OfType<InputDecl>().Any();
            if (!embeddingAndInput && _layers.Skip(start).All(layer => layer is DropoutDecl))
            {
                AttributeDecl? input = _decl.Attributes.OfType<InputDecl>().FirstOrDefault() ?? (AttributeDecl?)_layers.FirstOrDefault();
                if (input is not null) Report(DiagnosticIds.NoLayers, ArgRef.Whole(input.Attribute), ClassName, start == 1 ? _names[0] : "input");
                return;
            }
            int lastStepProducer = -1;
            for (int i = start; i < _layers.Count; i++)
            {
                if (_layers[i] is not RecurrentDecl r) continue;
                if (lastStepProducer >= 0)
                {
                    // Also marked: the producer's ReturnSequences (its attribute's name when the default was left).
                    _problems.Add(new Problem(DiagnosticIds.NeedsSequence, ArgRef.Whole(r.Attribute), Kind(i), _names[i], _names[lastStepProducer])
                    {
                        Also = new ArgRef(_layers[lastStepProducer].Attribute, "ReturnSequences"),
                    });
                }
                lastStepProducer = r.ReturnSequences ? -1 : i;
            }
        }

        private void CheckTraining()
        {
            var losses = _decl.Attributes.OfType<LossDecl>().ToList();
            var optimizers = _decl.Attributes.OfType<OptimizerDecl>().ToList();
            var clips = _decl.Attributes.OfType<ClipDecl>().ToList();
            for (int i = 1; i < losses.Count; i++) Report(DiagnosticIds.Duplicate, ArgRef.Whole(losses[i].Attribute), "Loss", "Loss", "loss");
            for (int i = 1; i < optimizers.Count; i++) Report(DiagnosticIds.TwoOptimizers, ArgRef.Whole(optimizers[i].Attribute), optimizers[i].Kind.ToString(), optimizers[0].Kind.ToString());
            for (int i = 1; i < clips.Count; i++) Report(DiagnosticIds.Duplicate, ArgRef.Whole(clips[i].Attribute), ClipName(clips[i]), ClipName(clips[0]), "gradient clipping");

            if (losses.Count == 0)
            {
                foreach (OptimizerDecl o in optimizers) Report(DiagnosticIds.OptimizerWithoutLoss, ArgRef.Whole(o.Attribute), o.Kind.ToString(), ClassName);
                foreach (ClipDecl c in clips) Report(DiagnosticIds.ClipWithoutLoss, ArgRef.Whole(c.Attribute), ClipName(c), ClassName);
            }
            else
            {
                CheckLossOutput(losses[0]);
                if (optimizers.Count > 0 && _layers.Any(l => l.HasParameters) && !_layers.Any(l => l.HasParameters && l.Learns))
                    Report(DiagnosticIds.NothingLearns, ArgRef.Whole(optimizers[0].Attribute), ClassName, optimizers[0].Kind.ToString());
            }
            foreach (LossDecl loss in losses) Defined(loss.Kind, new ArgRef(loss.Attribute, "kind", 0), "Kind", "Loss");
            foreach (OptimizerDecl o in optimizers) CheckOptimizer(o);
            foreach (ClipDecl c in clips)
            {
                if (!(c.Max > 0)) Report(DiagnosticIds.HyperparameterOutOfRange, new ArgRef(c.Attribute, c.Kind == ClipKind.Norm ? "maxNorm" : "maxValue", 0), c.Kind == ClipKind.Norm ? "MaxNorm" : "MaxValue", ClipName(c), "> 0", Num(c.Max));
            }
        }

        /// <summary>The fused losses read the last Dense layer's pre-activation, so that layer's activation must match.</summary>
        private void CheckLossOutput(LossDecl loss)
        {
            if (loss.Kind is not (LossKind.CrossEntropy or LossKind.BinaryCrossEntropy) || _layers.Count == 0) return;
            string id = loss.Kind == LossKind.CrossEntropy ? DiagnosticIds.CrossEntropyOutput : DiagnosticIds.BinaryCrossEntropyOutput;
            Activation allowed = loss.Kind == LossKind.CrossEntropy ? Activation.Softmax : Activation.Sigmoid;
            int last = _layers.Count - 1;
            if (_layers[last] is not DenseDecl dense)
            {
                Report(id, ArgRef.Whole(loss.Attribute), $"the last layer '{_names[last]}' is {Kind(last)}, not Dense");
            }
            else if (dense.Activation != Activation.None && dense.Activation != allowed && System.Enum.IsDefined(typeof(Activation), dense.Activation))
            {
                Report(id, new ArgRef(dense.Attribute, "Activation"), $"Dense '{_names[last]}' has Activation.{dense.Activation}");
            }
            else if (loss.Kind == LossKind.CrossEntropy && dense.Units == 1 && dense.Activation == Activation.None)
            {
                Report(DiagnosticIds.ConstantSingleUnit, new ArgRef(dense.Attribute, "units", 0), _names[last], "CrossEntropy over it is always 0 (one class)", OneClassAdvice);
            }
        }

        private const string OneClassAdvice = "use Dense(2) with CrossEntropy for two classes, or Dense(1, Activation = Activation.Sigmoid) with BinaryCrossEntropy";

        private void CheckOptimizer(OptimizerDecl o)
        {
            string who = o.Kind.ToString();
            // 0 is allowed, as in PyTorch and the run-time setter (a frozen model that still runs its update).
            if (!(o.LearningRate >= 0) || float.IsInfinity(o.LearningRate)) Range(o, "LearningRate", "finite and >= 0", o.LearningRate);
            if (!(o.WeightDecay >= 0) || float.IsInfinity(o.WeightDecay)) Range(o, "WeightDecay", "finite and >= 0", o.WeightDecay);
            switch (o.Kind)
            {
                case OptimizerKind.Sgd:
                    UnitInterval(o, "Momentum", o.Momentum);
                    if (o.Nesterov && !(o.Momentum > 0)) Range(o, "Momentum", "> 0 with Nesterov = true", o.Momentum, at: "Nesterov");
                    break;
                case OptimizerKind.Adam:
                case OptimizerKind.AdamW:
                    UnitInterval(o, "Beta1", o.Beta1);
                    UnitInterval(o, "Beta2", o.Beta2);
                    PositiveFinite(o, "Epsilon", o.Epsilon);
                    break;
                case OptimizerKind.RmsProp:
                    UnitInterval(o, "Alpha", o.Alpha);
                    UnitInterval(o, "Momentum", o.Momentum);
                    PositiveFinite(o, "Epsilon", o.Epsilon);
                    break;
            }
        }

        private void PositiveFinite(OptimizerDecl o, string name, float value)
        {
            if (!(value > 0) || float.IsInfinity(value)) Range(o, name, "finite and > 0", value);
        }

        private void UnitInterval(OptimizerDecl o, string name, float value)
        {
            if (!(value >= 0 && value < 1)) Range(o, name, "in [0, 1)", value);
        }

        /// <summary>Reports <paramref name="name"/> out of range, on argument <paramref name="at"/> (default: that same argument).</summary>
        private void Range(OptimizerDecl o, string name, string rule, float value, string? at = null) =>
            Report(DiagnosticIds.HyperparameterOutOfRange, new ArgRef(o.Attribute, at ?? name), name, o.Kind.ToString(), rule, Num(value));

        /// <summary>Reports an enum argument cast from an integer that names no member (the runtime would guess a meaning).</summary>
        private void Defined<TEnum>(TEnum value, ArgRef where, string what, string who)
            where TEnum : struct
        {
            if (System.Enum.IsDefined(typeof(TEnum), value)) return;
            string members = string.Join(", ", System.Enum.GetNames(typeof(TEnum)));
            Report(DiagnosticIds.UndefinedEnumValue, where, what, who, typeof(TEnum).Name, System.Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), members);
        }

        /// <summary>A bias takes Default or Zeros: the other schemes are defined on a weight matrix's fans or shape.</summary>
        private void BiasInitializer(Initializer biases, ArgRef where, string who)
        {
            if (!System.Enum.IsDefined(typeof(Initializer), biases)) Defined(biases, where, "Biases", who);
            else if (biases is not (Initializer.Default or Initializer.Zeros)) Report(DiagnosticIds.BiasInitializer, where, who, biases.ToString());
        }

        /// <summary>MC0021 on <paramref name="where"/> when <paramref name="size"/> (computed in double: no overflow) exceeds an int.</summary>
        private bool FitsInt(double size, ArgRef where, string what)
        {
            if (size <= int.MaxValue) return true;
            string value = size < long.MaxValue ? ((long)size).ToString("N0", CultureInfo.InvariantCulture) : "beyond 64-bit range";
            Report(DiagnosticIds.TooLarge, where, ClassName, what, value);
            return false;
        }

        private void Positive(int value, ArgRef where, string what, string who)
        {
            if (value <= 0) Report(DiagnosticIds.SizeNotPositive, where, what, who, Num(value));
        }

        private void Probability(float value, ArgRef where, string what, string who)
        {
            if (!(value >= 0 && value < 1)) Report(DiagnosticIds.ProbabilityOutOfRange, where, what, who, Num(value));
        }

        /// <summary>"Lstm 'lstm_1'": kind as the user wrote the attribute, and the resolved name.</summary>
        private string Describe(int layer) => $"{Kind(layer)} '{_names[layer]}'";

        private string Kind(int layer) => _layers[layer] switch
        {
            RecurrentDecl r => r.Cell.ToString(),
            EmbeddingDecl => "Embedding",
            DenseDecl => "Dense",
            _ => "Dropout",
        };

        private static string ClipName(ClipDecl c) => c.Kind == ClipKind.Norm ? "ClipGradNorm" : "ClipGradValue";

        private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Num(double value) => value.ToString("0", CultureInfo.InvariantCulture);

        private static string Num(float value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
