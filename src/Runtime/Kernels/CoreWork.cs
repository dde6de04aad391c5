namespace ModelCompiler.Runtime.Kernels;

/// <summary>Work for the second core (<see cref="SecondCore"/>): set by the poster, run once by the second core.</summary>
internal abstract class CoreWork
{
    public abstract void Run();
}
