using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

/// <summary>
/// The ways the verifier can run a bundle, each of which must reach the same report: every line in order on the calling
/// thread, worker threads on the normal 1 MiB blocks (a test bundle fits in one), worker threads on 4 KiB blocks, so
/// that even a 50-line bundle is split into many batches checked out of order, and the same from a file read through
/// memory-mapped windows: the normal ones, and windows of 4 KiB blocks of 1 KiB, so that lines cross window ends.
/// </summary>
internal static class VerifierPaths
{
    public const string InOrder = "in order";
    public const string Parallel = "parallel";
    public const string ParallelSmallBlocks = "parallel, small blocks";
    public const string MappedInOrder = "mapped, in order";
    public const string MappedSmallWindows = "mapped, parallel, small windows";

    public static TheoryData<string> All => [InOrder, Parallel, ParallelSmallBlocks, MappedInOrder, MappedSmallWindows];

    public static EvidenceReport Verify(
        string path, Stream bundle, NoteVerifier? pinned, string? expectedOrigin, IProgress<long>? progress = null) => path switch
        {
            InOrder => Verify(bundle, pinned, expectedOrigin, 1, BundleLines.DefaultBlockSize, BundleLines.DefaultWindowBlocks, progress),
            Parallel => Verify(bundle, pinned, expectedOrigin, 3, BundleLines.DefaultBlockSize, BundleLines.DefaultWindowBlocks, progress),
            ParallelSmallBlocks => Verify(bundle, pinned, expectedOrigin, 3, 4096, BundleLines.DefaultWindowBlocks, progress),
            MappedInOrder => VerifyFile(bundle, pinned, expectedOrigin, 1, BundleLines.DefaultBlockSize, BundleLines.DefaultWindowBlocks, progress),
            MappedSmallWindows => VerifyFile(bundle, pinned, expectedOrigin, 3, 1024, 4, progress),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a verifier path"),
        };

    /// <summary>Verifies <paramref name="bundle"/> the way <paramref name="path"/> names.</summary>
    public static EvidenceReport Verify(
        this TestBundle bundle, string path, NoteVerifier? pinned = null, string? expectedOrigin = null, bool pin = true) =>
        Verify(path, new MemoryStream(bundle.ToBytes()), pinned ?? (pin ? bundle.PinnedKey : null), expectedOrigin);

    private static EvidenceReport Verify(
        Stream bundle, NoteVerifier? pinned, string? expectedOrigin, int threads, int blockSize, int windowBlocks, IProgress<long>? progress) =>
        EvidenceVerifier.Verify(bundle, pinned, expectedOrigin, threads, blockSize, windowBlocks, progress, default);

    /// <summary>Writes the bundle to a file and verifies it from a <see cref="FileStream"/>, which the verifier maps.</summary>
    private static EvidenceReport VerifyFile(
        Stream bundle, NoteVerifier? pinned, string? expectedOrigin, int threads, int blockSize, int windowBlocks, IProgress<long>? progress)
    {
        var file = Path.GetTempFileName();
        try
        {
            using (var copy = File.Create(file))
            {
                bundle.CopyTo(copy);
            }

            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return Verify(stream, pinned, expectedOrigin, threads, blockSize, windowBlocks, progress);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
