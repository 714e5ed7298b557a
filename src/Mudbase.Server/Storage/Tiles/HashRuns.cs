using Mudbase.Ledger;

namespace Mudbase.Server.Storage.Tiles;

/// <summary>How lists of hashes are stored: concatenated, 32 bytes each (a log head's frontier, a tile's hashes).</summary>
internal static class HashRuns
{
    public static byte[] Concat(IReadOnlyList<byte[]> hashes)
    {
        var result = new byte[hashes.Count * MerkleHash.Size];
        for (var i = 0; i < hashes.Count; i++)
            hashes[i].CopyTo(result, i * MerkleHash.Size);
        return result;
    }

    public static byte[][] Split(byte[] concatenated) =>
        concatenated.Chunk(MerkleHash.Size).ToArray();
}
