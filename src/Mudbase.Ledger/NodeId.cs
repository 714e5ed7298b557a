namespace Mudbase.Ledger;

/// <summary>
/// Names a perfect subtree: the one covering leaves [<c>Index &lt;&lt; Level</c>, <c>(Index + 1) &lt;&lt; Level</c>).
/// Level 0 is a single leaf hash.
/// </summary>
/// <param name="Level">The subtree's height; it covers 2^Level leaves.</param>
/// <param name="Index">The subtree's position among the subtrees of the same level, from the left.</param>
public readonly record struct NodeId(int Level, long Index)
{
    /// <summary>The first leaf the subtree covers.</summary>
    public long Start => Index << Level;

    /// <summary>One past the last leaf the subtree covers.</summary>
    public long End => (Index + 1) << Level;
}
