using System;

namespace ModelCompiler.Benchmarks.Catalog;

/// <summary>Names the SPEC §7 shape a benchmark class measures; the report columns read it.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShapeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
