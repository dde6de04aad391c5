namespace ModelCompiler.Runtime.Layers;

/// <summary>A layer's streaming step (batch of one, one time step, inference) bound to one instruction-set path.</summary>
internal delegate void StreamPass();
