using System.Collections.Generic;

namespace ModelCompiler.Runtime.Fitting;

/// <summary>
/// Sets the learning rate at the start of every epoch (through <c>network.Optimizer.LearningRate</c>), as
/// <c>torch.optim.lr_scheduler</c> does with one <c>step()</c> per epoch. A schedule with state (reduce-on-plateau)
/// writes it into checkpoints, so resumed training continues with the same rates.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The rate for epoch <paramref name="epoch"/> (0-based) given the optimizer's initial rate.</summary>
    public abstract float LearningRateFor(int epoch, float baseLearningRate);

    /// <summary>Called after each epoch with the monitored quantity; the default ignores it.</summary>
    /// <param name="monitored">Validation loss or metric (see <see cref="TrainerOptions.Monitor"/>).</param>
    /// <param name="higherIsBetter">True for accuracy.</param>
    public virtual void Observe(double monitored, bool higherIsBetter)
    {
    }

    /// <summary>Forgets what earlier epochs taught a schedule with state; a trainer calls it when a fresh run starts.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>Adds the schedule's state to a checkpoint's metadata; the default has none.</summary>
    public virtual void WriteState(IDictionary<string, string> state)
    {
    }

    /// <summary>Restores the state written by <see cref="WriteState"/>; throws <see cref="System.IO.InvalidDataException"/> on bad values.</summary>
    public virtual void ReadState(IReadOnlyDictionary<string, string> state)
    {
    }
}
