namespace ModelCompiler.Benchmarks.Catalog;

/// <summary>One benchmark shape of SPEC §7 with its FLOPs per call and the issue-4 target time.</summary>
/// <param name="Name">The SPEC §7 case name.</param>
/// <param name="FlopsPerCall">Analytical count (see <see cref="FlopCount"/>).</param>
/// <param name="TargetNanoseconds">The issue-4 target per call; null where there is none.</param>
public sealed record Shape(string Name, double FlopsPerCall, double? TargetNanoseconds);
