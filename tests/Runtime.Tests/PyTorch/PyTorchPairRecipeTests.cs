using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using ModelCompiler.Runtime.Tests.Generated;
using Xunit;
using Xunit.Abstractions;

namespace ModelCompiler.Runtime.Tests.PyTorch;

/// <summary>
/// The README's recipe for training an encoder-decoder pair in PyTorch, run in PyTorch (float64) on the pair's state
/// dict: one module holding both generated modules, the decoder's <c>loss_function</c> on the real steps, its
/// <c>optimizer(parameters)</c> and <c>clip_gradients(parameters)</c> over both modules' parameters; two steps must give
/// <see cref="EncoderDecoder.TrainStep"/>'s losses and parameters (1e-4). Skipped without a Python with torch.
/// </summary>
public class PyTorchPairRecipeTests(ITestOutputHelper output)
{
    private const string Script = """
        import importlib.util, json, struct, sys
        import numpy as np
        import torch

        case = sys.argv[1]
        meta = json.load(open(f"{case}/case.json"))

        def load_safetensors(path):
            raw = open(path, "rb").read()
            size = struct.unpack("<Q", raw[:8])[0]
            header, data = json.loads(raw[8:8 + size]), raw[8 + size:]
            return {name: torch.from_numpy(np.frombuffer(data[info["data_offsets"][0]:info["data_offsets"][1]], dtype=np.float32).reshape(info["shape"]).copy())
                    for name, info in header.items() if name != "__metadata__"}

        def load_module(file, name):
            spec = importlib.util.spec_from_file_location(name, f"{case}/{file}")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return getattr(module, name)

        Encoder, Decoder = load_module("encoder.py", "RecipeEncoder"), load_module("decoder.py", "RecipeDecoder")

        # The README's recipe.
        class Seq2Seq(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder, self.decoder = Encoder(), Decoder()

            def forward(self, x, x_lengths, y, y_lengths):
                _, states = self.encoder(x, x_lengths, return_states=True)
                return self.decoder(y, y_lengths, states=states)

        model = Seq2Seq()
        model.load_state_dict(load_safetensors(f"{case}/before.safetensors"), strict=True)
        model.double()
        loss_fn, optimizer = model.decoder.loss_function(), model.decoder.optimizer(model.parameters())

        def tensor(name, shape):
            return torch.from_numpy(np.fromfile(f"{case}/{name}", dtype=np.int32).astype(np.int64).reshape(shape))

        batch, source_steps, target_steps = meta["batch"], meta["source_steps"], meta["target_steps"]
        for step in range(meta["steps"]):
            x = tensor(f"x{step}.bin", (batch, source_steps))
            y_in, y_out = tensor(f"y_in{step}.bin", (batch, target_steps)), tensor(f"y_out{step}.bin", (batch, target_steps))
            x_lengths = torch.tensor(meta["source_lengths"][step], dtype=torch.long)
            y_lengths = torch.tensor(meta["target_lengths"][step], dtype=torch.long)
            logits = model(x, x_lengths, y_in, y_lengths)
            real = torch.arange(target_steps)[None, :] < y_lengths[:, None]
            loss = loss_fn(logits[real], y_out[real])
            optimizer.zero_grad(); loss.backward(); model.decoder.clip_gradients(model.parameters()); optimizer.step()
            ours = meta["losses"][step]
            print(f"step {step}: loss {loss.item():.8f} (ours {ours:.8f})")
            assert abs(loss.item() - ours) <= 1e-5 * abs(ours) + 1e-6, "loss differs"

        after = load_safetensors(f"{case}/after.safetensors")
        worst = 0.0
        for name, value in model.state_dict().items():
            difference = (value - after[name].double()).abs()
            worst = max(worst, difference.max().item())
            assert bool((difference <= 1e-4 * (1 + after[name].double().abs())).all()), f"{name} differs after {meta['steps']} steps"
        print(f"parameters after {meta['steps']} steps: largest difference {worst:.3g}")
        """;

    [SkippableFact]
    public void ThePairTrainsInPyTorchAsTheReadmeShows()
    {
        string? python = PythonTorch.Interpreter;
        Skip.If(python is null, "No Python with torch on this machine (apt-get install python3-torch).");
        using var directory = new TemporaryDirectory();
        string Path_(string name) => Path.Combine(directory.Path, name);

        var pair = new EncoderDecoder(new RecipeEncoder(), new RecipeDecoder());
        pair.SaveSafetensors(Path_("before.safetensors"));
        File.WriteAllText(Path_("encoder.py"), RecipeEncoder.PyTorchModule);
        File.WriteAllText(Path_("decoder.py"), RecipeDecoder.PyTorchModule);
        var random = new Random(5);
        const int batch = 4, steps = 2, sourceSteps = RecipeEncoder.MaxSteps, targetSteps = RecipeDecoder.MaxSteps;
        var losses = new float[steps];
        var sourceLengths = new int[steps][];
        var targetLengths = new int[steps][];
        for (int step = 0; step < steps; step++)
        {
            int[] source = Enumerable.Range(0, batch * sourceSteps).Select(_ => random.Next(9)).ToArray();
            int[] inputs = Enumerable.Range(0, batch * targetSteps).Select(_ => random.Next(10)).ToArray();
            int[] targets = Enumerable.Range(0, batch * targetSteps).Select(_ => random.Next(9)).ToArray();
            sourceLengths[step] = Enumerable.Range(0, batch).Select(b => b == 0 ? sourceSteps : 1 + random.Next(sourceSteps)).ToArray();
            targetLengths[step] = Enumerable.Range(0, batch).Select(b => b == 1 ? targetSteps : 1 + random.Next(targetSteps)).ToArray();
            losses[step] = pair.TrainStep(source, inputs, targets, sourceLengths[step], targetLengths[step]);
            File.WriteAllBytes(Path_($"x{step}.bin"), MemoryMarshal.AsBytes(source.AsSpan()).ToArray());
            File.WriteAllBytes(Path_($"y_in{step}.bin"), MemoryMarshal.AsBytes(inputs.AsSpan()).ToArray());
            File.WriteAllBytes(Path_($"y_out{step}.bin"), MemoryMarshal.AsBytes(targets.AsSpan()).ToArray());
        }
        Assert.True(pair.LastGradientNorm > 0.1, $"the clipping should bite: the norm was {pair.LastGradientNorm}");
        pair.SaveSafetensors(Path_("after.safetensors"));
        File.WriteAllText(Path_("case.json"), JsonSerializer.Serialize(new
        {
            batch, steps, source_steps = sourceSteps, target_steps = targetSteps,
            source_lengths = sourceLengths, target_lengths = targetLengths, losses,
        }));
        string script = Path_("recipe.py");
        File.WriteAllText(script, Script);

        (int exitCode, string printed) = PythonTorch.Run(python!, script, directory.Path);
        output.WriteLine(printed);
        Assert.True(exitCode == 0, $"PyTorch disagrees with the pair (exit code {exitCode}):\n{printed}");
    }
}
