using System.Security.Cryptography;

namespace Mudbase.Server.Common;

/// <summary>
/// Cryptographically random bytes from the operating system's generator, drawn in blocks of
/// <see cref="BlockSize"/> bytes per thread. A draw costs about 2 µs whatever its size (the generator's locks and
/// fork check), which is more than the rest of an event id or a detail secret; a thread that needs 10 or 32 bytes per
/// event pays it once every few hundred events. The block is pinned (never copied by the collector) and every byte
/// handed out is wiped from it, so the reserve never holds a copy of a secret already in use.
/// </summary>
internal static class RandomReserve
{
    public const int BlockSize = 4096;

    // Requests larger than this go to the generator directly, so one caller cannot drain a block at once.
    private const int MaxReservedRequest = 256;

    [ThreadStatic]
    private static byte[]? block;

    // Bytes of the block not yet handed out: they are its last `left` bytes. Zero on a new thread: a fresh draw.
    [ThreadStatic]
    private static int left;

    /// <summary>Fills <paramref name="destination"/> with cryptographically random bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > MaxReservedRequest)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }
        var bytes = block ??= GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        if (left < destination.Length)
        {
            RandomNumberGenerator.Fill(bytes);
            left = BlockSize;
        }
        var taken = bytes.AsSpan(BlockSize - left, destination.Length);
        taken.CopyTo(destination);
        CryptographicOperations.ZeroMemory(taken);
        left -= destination.Length;
    }
}
