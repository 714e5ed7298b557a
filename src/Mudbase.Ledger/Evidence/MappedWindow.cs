using System.IO.MemoryMappedFiles;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// A read-only view of part of a memory-mapped bundle, counted by reference: the reader holds one while the window is
/// current, each <see cref="LineBatch"/> in it one more, and the view is unmapped when the last is released.
/// </summary>
internal sealed unsafe class MappedWindow
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private int _references = 1;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="file"/> from <paramref name="offset"/>; the caller holds the first reference.</summary>
    public MappedWindow(MemoryMappedFile file, long offset, int length)
    {
        _view = file.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);

        // The view starts at the page that holds the offset.
        _pointer = pointer + _view.PointerOffset;
        Offset = offset;
        Length = length;
    }

    /// <summary>Where the window starts in the file.</summary>
    public long Offset { get; }

    public int Length { get; }

    /// <summary>Where the window ends in the file.</summary>
    public long End => Offset + Length;

    /// <summary>The window's bytes; only while a reference is held.</summary>
    public ReadOnlySpan<byte> Span => new(_pointer, Length);

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
    }
}
