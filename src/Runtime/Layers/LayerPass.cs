namespace ModelCompiler.Runtime.Layers;

/// <summary>A layer's forward or backward pass bound to one instruction-set path.</summary>
internal delegate void LayerPass(in RunContext run);
