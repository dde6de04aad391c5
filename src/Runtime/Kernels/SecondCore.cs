using System;
using System.Diagnostics;
using System.Threading;

namespace ModelCompiler.Runtime.Kernels;

/// <summary>
/// The process's second core for large products: one background thread that runs half of a product's output
/// (<see cref="CoreWork"/>) while the calling thread runs the other half. One product at a time: a caller that
/// finds it busy (another network training on another thread) runs its product alone. The thread spins for a
/// millisecond after each half, so the products of one training step (tens of microseconds apart) find it awake,
/// then sleeps until the next one. Nothing here allocates after the thread has started.
/// </summary>
internal static class SecondCore
{
    private const int Idle = 0, Posted = 1, Done = 2;

    private static readonly object s_gate = new();
    private static readonly ManualResetEventSlim s_wake = new(false);
    private static readonly long s_spinTicks = Stopwatch.Frequency / 1000;
    private static Thread? s_thread;
    private static CoreWork? s_job;
    private static Exception? s_failure;
    private static int s_state;
    private static int s_sleeping;
    private static bool s_held; // read and written only under the gate

    private static long s_halvesRun;

    /// <summary>Halves the second core has run since the process started (tests check that products split).</summary>
    public static long HalvesRun => Volatile.Read(ref s_halvesRun);

    /// <summary>Whether the machine has a second core to lend.</summary>
    public static bool Exists => Environment.ProcessorCount >= 2;

    /// <summary>Takes the second core for one product; false when another caller holds it (or there is none).</summary>
    public static bool TryAcquire()
    {
        if (!Exists || !Monitor.TryEnter(s_gate)) return false;
        if (s_held)
        {
            // The holder itself asking again (the gate is re-entrant): the second core is taken, so decline.
            Monitor.Exit(s_gate);
            return false;
        }
        s_held = true;
        if (s_thread is null) StartThread();
        return true;
    }

    /// <summary>Starts the thread ahead of the first product (so that no product call allocates it).</summary>
    public static void Prepare()
    {
        if (!Exists) return;
        lock (s_gate)
        {
            if (s_thread is null) StartThread();
        }
    }

    private static void StartThread()
    {
        s_thread = new Thread(Loop) { IsBackground = true, Name = "ModelCompiler second core" };
        s_thread.Start();
    }

    /// <summary>Hands <paramref name="half"/> to the second core (after <see cref="TryAcquire"/>).</summary>
    public static void Post(CoreWork half)
    {
        s_job = half;
        Interlocked.Exchange(ref s_state, Posted); // a full fence: the sleeping flag below is read after the post
        if (Volatile.Read(ref s_sleeping) == 1) s_wake.Set();
    }

    /// <summary>Waits for the posted half to finish and gives the second core back.</summary>
    public static void WaitAndRelease()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref s_state) != Done) spin.SpinOnce(sleep1Threshold: -1);
        s_job = null;
        Volatile.Write(ref s_state, Idle);
        Exception? failure = s_failure;
        s_failure = null;
        s_held = false;
        Monitor.Exit(s_gate);
        if (failure is not null) throw new InvalidOperationException("The second core failed on its half of a product.", failure);
    }

    private static void Loop()
    {
        while (true)
        {
            long sleepAt = Stopwatch.GetTimestamp() + s_spinTicks;
            while (Volatile.Read(ref s_state) != Posted)
            {
                if (Stopwatch.GetTimestamp() < sleepAt) Thread.SpinWait(20);
                else
                {
                    Sleep();
                    sleepAt = Stopwatch.GetTimestamp() + s_spinTicks;
                }
            }
            try
            {
                s_job!.Run();
            }
            catch (Exception e)
            {
                s_failure = e;
            }
            Interlocked.Increment(ref s_halvesRun);
            Volatile.Write(ref s_state, Done);
        }
    }

    /// <summary>
    /// Blocks until a post. The flag is raised before the state is checked and a poster reads the flag after its
    /// post (both with full fences), so either this thread sees the post or the poster sees the flag and wakes it.
    /// </summary>
    private static void Sleep()
    {
        Interlocked.Exchange(ref s_sleeping, 1);
        if (Volatile.Read(ref s_state) != Posted) s_wake.Wait();
        s_wake.Reset();
        Volatile.Write(ref s_sleeping, 0);
    }
}
