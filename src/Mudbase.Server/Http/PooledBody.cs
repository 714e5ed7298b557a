using System.Buffers;

namespace Mudbase.Server.Http;

/// <summary>
/// A request body read into an array rented from the shared pool, grown by renting a larger one; disposing it returns
/// the array, so nothing may read <see cref="WrittenMemory"/> afterwards.
/// </summary>
internal sealed class PooledBody(int initialCapacity) : IDisposable
{
    private byte[]? array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => Array.AsMemory(0, WrittenCount);

    private byte[] Array => array ?? throw new ObjectDisposedException(nameof(PooledBody));

    /// <summary>Room for at least <paramref name="sizeHint"/> more bytes after what is written.</summary>
    public Memory<byte> GetMemory(int sizeHint)
    {
        var current = Array;
        if (current.Length - WrittenCount < sizeHint)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(current.Length * 2, WrittenCount + sizeHint));
            current.AsSpan(0, WrittenCount).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(current);
            array = current = larger;
        }
        return current.AsMemory(WrittenCount);
    }

    public void Advance(int count) => WrittenCount += count;

    public void Dispose()
    {
        if (array is { } rented)
        {
            array = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
