using Mudbase.Ledger.Evidence;

namespace Mudbase.Ledger.Tests.Evidence;

/// <summary>How a run ends when the bundle cannot be read to its end or the caller stops it, whichever thread meets it.</summary>
public sealed class EvidenceRunTests
{
    public static TheoryData<int> ThreadCounts => [1, 2, 3];

    [Theory]
    [MemberData(nameof(ThreadCounts))]
    public void AReadErrorPartWayThroughSurfacesAsItsIOExceptionOnTheCallingThread(int threads)
    {
        var bundle = TestBundle.Create(300);
        var bytes = bundle.ToBytes();
        using var failing = new FailingStream(bytes, failAt: bytes.Length / 2);

        var error = Assert.Throws<IOException>(() =>
            EvidenceVerifier.Verify(failing, bundle.PinnedKey, null, threads, 4096, null, default));

        Assert.Equal(FailingStream.Message, error.Message);
    }

    [Theory]
    [MemberData(nameof(ThreadCounts))]
    public void ACancelledRunThrowsOperationCanceled(int threads)
    {
        var bundle = TestBundle.Create(300);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            EvidenceVerifier.Verify(new MemoryStream(bundle.ToBytes()), bundle.PinnedKey, null, threads, 4096, null, cancel.Token));
    }

    [Theory]
    [MemberData(nameof(ThreadCounts))]
    public void ARunCancelledWhileReadingStopsAndThrowsOperationCanceled(int threads)
    {
        var bundle = TestBundle.Create(300);
        var bytes = bundle.ToBytes();
        using var cancel = new CancellationTokenSource();
        using var cancelling = new CancellingStream(bytes, bytes.Length / 2, cancel);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            EvidenceVerifier.Verify(cancelling, bundle.PinnedKey, null, threads, 4096, null, cancel.Token));
        Assert.True(cancelling.Position < bytes.Length, "the run should stop before reading the whole bundle");
    }

    [Theory]
    [MemberData(nameof(ThreadCounts))]
    public void EveryLineIsCountedOnceWhateverTheThreadCount(int threads)
    {
        var bundle = TestBundle.Create(700);

        var report = EvidenceVerifier.Verify(new MemoryStream(bundle.ToBytes()), bundle.PinnedKey, null, threads, 2048, null, default);

        Assert.True(report.Ok, report.FirstFailure?.Reason);
        Assert.Equal(700, report.EventsVerified);
    }

    /// <summary>Reads normally up to a point, then fails as a broken disk or connection would.</summary>
    private sealed class FailingStream(byte[] data, int failAt) : MemoryStream(data)
    {
        public const string Message = "the disk went away";

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAt)
            {
                throw new IOException(Message);
            }

            return base.Read(buffer, offset, (int)Math.Min(count, failAt - Position));
        }
    }

    /// <summary>Cancels the run once reading passes a point, as a user pressing Ctrl+C would.</summary>
    private sealed class CancellingStream(byte[] data, int cancelAt, CancellationTokenSource cancel) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= cancelAt)
            {
                cancel.Cancel();
            }

            return base.Read(buffer, offset, Math.Min(count, 1024));
        }
    }
}
