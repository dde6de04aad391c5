namespace ModelCompiler.Runtime.Tests.PyTorch;

/// <summary>The Python side of <see cref="PyTorchModuleExecutionTests"/>: loads one case directory and compares.</summary>
internal static class PyTorchModuleCheck
{
    public const string Script = """
        import importlib.util, inspect, json, struct, sys
        import numpy as np
        import torch
        from torch import nn

        case = sys.argv[1]
        meta = json.load(open(f"{case}/case.json"))

        def load_safetensors(path):
            # The format by hand (safetensors itself may not be installed): 8-byte header size, JSON header, data.
            raw = open(path, "rb").read()
            size = struct.unpack("<Q", raw[:8])[0]
            header = json.loads(raw[8:8 + size])
            data = raw[8 + size:]
            tensors = {}
            for name, info in header.items():
                if name == "__metadata__":
                    continue
                start, end = info["data_offsets"]
                assert info["dtype"] == "F32", info
                tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype=np.float32).reshape(info["shape"]).copy())
            return tensors

        spec = importlib.util.spec_from_file_location("generated", f"{case}/module.py")
        generated = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(generated)
        classes = [c for c in vars(generated).values() if isinstance(c, type) and issubclass(c, nn.Module) and c.__module__ == "generated"]
        assert len(classes) == 1, classes
        model = classes[0]()

        # The module's own initialization (its nn.init calls, or PyTorch's defaults) against the model's: the same exact
        # zeros, orthonormal columns or rows where the model's are, and spreads alike (the draws themselves differ).
        def orthonormal(matrix):
            tall = matrix if matrix.shape[0] >= matrix.shape[1] else matrix.t()
            return bool(((tall.t() @ tall) - torch.eye(tall.shape[1], dtype=tall.dtype)).abs().max() < 1e-4)
        ours_initial = load_safetensors(f"{case}/before.safetensors")
        for name, fresh in model.state_dict().items():
            fresh, ours_values = fresh.double(), ours_initial[name].double()
            assert bool(((fresh == 0) == (ours_values == 0)).all()), f"{name}: zeros differ between the module's initialization and the model's"
            if fresh.dim() == 2 and orthonormal(ours_values):
                assert orthonormal(fresh), f"{name}: the model's is orthogonal, the module's is not"
            if fresh.numel() >= 64 and ours_values.std() > 0:
                ratio = (fresh.std() / ours_values.std()).item()
                assert 0.7 < ratio < 1.4, f"{name}: spread of the module's initialization {ratio:.2f}x the model's"
        print("initialization: same zeros, orthogonality and spread")

        model.load_state_dict(ours_initial, strict=True)
        model.double()
        for child in model.children():
            child.eval()  # not model.eval(): a layer may be named 'training'

        batch, steps, features = meta["batch"], meta["steps"], meta["features"]
        raw = open(f"{case}/x.bin", "rb").read()
        if meta["tokens"]:
            x = torch.from_numpy(np.frombuffer(raw, dtype=np.int32).astype(np.int64).reshape(batch, steps))
        else:
            x = torch.from_numpy(np.frombuffer(raw, dtype=np.float32).astype(np.float64).reshape(batch, steps, features))
        lengths = torch.tensor(meta["lengths"], dtype=torch.long) if meta["lengths"] else None
        arguments = (x, lengths) if lengths is not None else (x,)

        def real_steps(values):
            # Rows of the sequences' real steps (all rows for fixed lengths or one output per sequence).
            if lengths is None or values.dim() < 3:
                return values.reshape(-1, values.shape[-1])
            mask = torch.arange(values.shape[1])[None, :] < lengths[:, None]
            return values[mask]

        with torch.no_grad():
            reference = model(*arguments)
        ours = torch.from_numpy(np.frombuffer(open(f"{case}/y.bin", "rb").read(), dtype=np.float32).astype(np.float64)).reshape(reference.shape)
        # Every step, padding included: both write zeros there.
        difference = (ours - reference).abs()
        allowed = 1e-6 + 1e-5 * reference.abs()
        print(f"forward {tuple(reference.shape)}: largest difference {difference.max().item():.3g}")
        assert bool((difference <= allowed).all()), "forward differs beyond 1e-5 relative"

        def read_floats(name):
            return torch.from_numpy(np.frombuffer(open(f"{case}/{name}", "rb").read(), dtype=np.float32).astype(np.float64))

        if meta["state_layers"]:
            # The model's [batch, StateSize] rows <-> each recurrent layer's (h, c), by the module's own conversions, whose
            # layout table must be the model's.
            assert [list(layer) for layer in model.STATE_LAYERS] == [[layer["rows"], layer["hidden"], layer["lstm"]] for layer in meta["state_layers"]], model.STATE_LAYERS
            split = lambda flat: model.unflatten_states(flat.reshape(batch, -1))
            join = lambda states: model.flatten_states(states).reshape(-1)
            with torch.no_grad():
                outputs, finals = model(*arguments, states=split(read_floats("states.bin")), return_states=True)
            ours = read_floats("y_states.bin").reshape(outputs.shape)
            difference = (ours - outputs).abs()
            assert bool((difference <= 1e-6 + 1e-5 * outputs.abs()).all()), "forward from given states differs beyond 1e-5 relative"
            expected, final = join(finals), read_floats("final_states.bin")
            assert bool(((expected - final).abs() <= 1e-6 + 1e-5 * expected.abs()).all()), "final states differ beyond 1e-5 relative"
            print(f"forward from states and final states ({final.numel()} values): largest difference {max(difference.max().item(), (expected - final).abs().max().item()):.3g}")

        settings = meta["optimizer"]
        if settings is not None:
            # The optimizer and clipping the module declares are the model's, value for value (float32 as written).
            optimizer = model.optimizer()
            expected = {"Sgd": "SGD", "Adam": "Adam", "AdamW": "AdamW", "RmsProp": "RMSprop"}[settings["kind"]]
            assert type(optimizer).__name__ == expected, (type(optimizer).__name__, expected)
            defaults = optimizer.defaults
            f32 = lambda value: float(np.float32(value))
            wanted = {"lr": settings["lr"], "weight_decay": settings["weight_decay"]}
            if expected in ("Adam", "AdamW"):
                wanted.update(betas=(settings["beta1"], settings["beta2"]), eps=settings["eps"])
            elif expected == "SGD":
                wanted.update(momentum=settings["momentum"], nesterov=settings["nesterov"])
            else:
                wanted.update(alpha=settings["alpha"], eps=settings["eps"], momentum=settings["momentum"])
            for key, value in wanted.items():
                actual = defaults[key]
                same = tuple(map(f32, actual)) == tuple(map(f32, value)) if isinstance(value, tuple) else (actual == value if isinstance(value, bool) else f32(actual) == f32(value))
                assert same, f"optimizer {key}: module {actual}, model {value}"
            calls = []
            for function in ("clip_grad_norm_", "clip_grad_value_"):
                original = getattr(torch.nn.utils, function)
                def record(parameters, limit, *rest, _name=function, _original=original, **named):
                    calls.append((_name, f32(limit)))
                    return _original(parameters, limit, *rest, **named)
                setattr(torch.nn.utils, function, record)
            if hasattr(model, "clip_gradients"):
                model.clip_gradients()
            expected_calls = {"None": [], "Norm": [("clip_grad_norm_", f32(settings["clip_max"]))], "Value": [("clip_grad_value_", f32(settings["clip_max"]))]}[settings["clip"]]
            assert calls == expected_calls, f"clipping: module {calls}, model {expected_calls}"
            print(f"optimizer {expected} {wanted}, clipping {calls}")

        if meta["train"]:
            logits = {"logits": True} if "logits" in inspect.signature(model.forward).parameters else {}
            out = model(*arguments, **logits)
            criterion = model.loss_function()
            criterion.reduction = "none"
            raw = open(f"{case}/targets.bin", "rb").read()
            if isinstance(criterion, nn.CrossEntropyLoss):
                targets = torch.from_numpy(np.frombuffer(raw, dtype=np.int32).astype(np.int64)).reshape(out.shape[:-1])
                per_item = criterion(out.reshape(-1, out.shape[-1]), targets.reshape(-1)).reshape(out.shape[:-1])
                loss = real_steps(per_item.unsqueeze(-1)).mean()
            else:
                targets = torch.from_numpy(np.frombuffer(raw, dtype=np.float32).astype(np.float64)).reshape(out.shape)
                loss = real_steps(criterion(out, targets)).mean()
            optimizer = model.optimizer()
            optimizer.zero_grad()
            loss.backward()
            gradients = load_safetensors(f"{case}/gradients.safetensors")
            worst = 0.0
            for name, parameter in model.named_parameters():
                # A frozen parameter (requires_grad False) has no gradient: the model's must be zeros.
                reference = parameter.grad if parameter.grad is not None else torch.zeros_like(parameter)
                difference = (gradients[name].double() - reference).abs().max().item()
                worst = max(worst, difference / max(1.0, reference.abs().max().item()))
            print(f"gradients: largest difference {worst:.3g} (relative to the largest gradient of each tensor, at least 1)")
            assert worst <= 1e-4, "gradients differ beyond 1e-4"
            if hasattr(model, "clip_gradients"):
                model.clip_gradients()
            optimizer.step()
            ours_loss = float(meta["loss"])
            print(f"loss: PyTorch {loss.item():.8g}, TrainStep {ours_loss:.8g}")
            assert abs(loss.item() - ours_loss) <= 1e-5 * max(1.0, abs(loss.item())), "loss differs"
            after = load_safetensors(f"{case}/after.safetensors")
            largest = max((value.float() - after[name]).abs().max().item() for name, value in model.state_dict().items())
            print(f"parameters after one step: largest difference {largest:.3g}")
            assert largest <= 1e-4, "parameters after one optimizer step differ beyond 1e-4"
        """;
}
