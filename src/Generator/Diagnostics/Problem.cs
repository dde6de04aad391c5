using ModelCompiler.Generator.Model;

namespace ModelCompiler.Generator.Diagnostics
{
    /// <summary>A diagnostic before it has a location: descriptor ID, where it points, and its message arguments.</summary>
    internal sealed record Problem(string Id, ArgRef Where, EquatableArray<string> Args)
    {
        public Problem(string id, ArgRef where, params string[] args)
            : this(id, where, args.ToEquatableArray())
        {
        }

        /// <summary>A second place the problem involves (an additional location: the other side of a mismatch), or null.</summary>
        public ArgRef? Also { get; init; }
    }
}
