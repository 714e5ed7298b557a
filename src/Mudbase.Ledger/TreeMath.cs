using System.Numerics;

namespace Mudbase.Ledger;

internal static class TreeMath
{
    /// <summary>The RFC 9162 split point: the largest power of two strictly below <paramref name="n"/> (n ≥ 2).</summary>
    public static long SplitPoint(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    public static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;
}
