namespace Mudbase.Ledger;

/// <summary>
/// The RFC 9162 §2.1.1 hash functions over SHA-256, with the 0x00 / 0x01 prefixes that keep
/// a leaf from ever being mistaken for an interior node. Hashing goes through <see cref="ShortSha256"/>, the one
/// SHA-256 path of the ledger's short inputs (OpenSSL's low-level functions where present, the framework's otherwise).
/// </summary>
public static class MerkleHash
{
    /// <summary>The length in bytes of every hash in the tree.</summary>
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    private static readonly byte[] Empty = HashOf([]);

    /// <summary>Hashes leaf data: SHA-256(0x00 ‖ <paramref name="leafData"/>).</summary>
    /// <param name="leafData">The leaf's entry bytes.</param>
    /// <returns>A new 32-byte leaf hash.</returns>
    public static byte[] Leaf(ReadOnlySpan<byte> leafData)
    {
        var hash = new byte[Size];
        Leaf(leafData, hash);
        return hash;
    }

    /// <summary>Hashes leaf data into <paramref name="destination"/> without allocating a result.</summary>
    /// <param name="leafData">The leaf's entry bytes.</param>
    /// <param name="destination">At least 32 bytes that receive the hash.</param>
    public static void Leaf(ReadOnlySpan<byte> leafData, Span<byte> destination)
    {
        ReadOnlySpan<byte> prefix = [LeafPrefix];
        ShortSha256.Hash(prefix, leafData, destination);
    }

    /// <summary>Hashes two children: SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>).</summary>
    /// <param name="left">The left child's 32-byte hash.</param>
    /// <param name="right">The right child's 32-byte hash.</param>
    /// <returns>A new 32-byte node hash.</returns>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>
    /// Hashes two children into <paramref name="destination"/>, which may overlap either child,
    /// so that folds can accumulate in place.
    /// </summary>
    /// <param name="left">The left child's 32-byte hash.</param>
    /// <param name="right">The right child's 32-byte hash.</param>
    /// <param name="destination">At least 32 bytes that receive the hash.</param>
    /// <exception cref="ArgumentException">A child is not 32 bytes long.</exception>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"Child hashes must be {Size} bytes.");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        ShortSha256.Hash(buffer, destination);
    }

    /// <summary>The root of the empty tree, SHA-256 of the empty string (RFC 9162 §2.1.1).</summary>
    /// <returns>A new 32-byte array, so callers may keep or modify it.</returns>
    public static byte[] EmptyRoot() => (byte[])Empty.Clone();

    internal static ReadOnlySpan<byte> EmptyRootSpan => Empty;

    private static byte[] HashOf(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        ShortSha256.Hash(data, hash);
        return hash;
    }
}
