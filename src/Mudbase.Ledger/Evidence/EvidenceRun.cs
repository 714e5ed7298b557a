using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Verifies the event lines of a bundle on every core: this thread reads and splits lines into batches, worker threads
/// check whole batches. Each line's expected leaf index follows from its position alone, so batches are independent;
/// the first failure is the one on the lowest line, and reading stops as soon as any failure is known.
/// </summary>
/// <remarks>
/// The per-line methods (here, in the record reader and checker, the leaf hasher, the audit-path cache and the value
/// canonicaliser) are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: a verification is a short
/// process, and their unoptimised first tier would otherwise run a good share of its lines.
/// </remarks>
internal sealed class EvidenceRun
{
    private readonly EvidenceHeader _header;
    private readonly Checkpoint _checkpoint;
    private readonly string _org;
    private long _failedAt = long.MaxValue;

    private EvidenceRun(EvidenceHeader header, Checkpoint checkpoint)
    {
        _header = header;
        _checkpoint = checkpoint;
        var slash = checkpoint.Origin.LastIndexOf('/');
        _org = slash >= 0 ? checkpoint.Origin[(slash + 1)..] : checkpoint.Origin;
    }

    public long Lines { get; private set; }

    public long Verified { get; private set; }

    public long Erased { get; private set; }

    public EvidenceFailure? Failure { get; private set; }

    /// <param name="lines">The bundle, positioned after its header.</param>
    /// <param name="header">The verified header.</param>
    /// <param name="checkpoint">The verified checkpoint.</param>
    /// <param name="threads">0 for one worker per core, 1 for every line in order on this thread, else that many workers.</param>
    /// <param name="progress">Receives the bytes read so far.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static EvidenceRun Execute(
        BundleLineReader lines, EvidenceHeader header, Checkpoint checkpoint, int threads, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var run = new EvidenceRun(header, checkpoint);
        var workers = threads == 0 ? Math.Clamp(Environment.ProcessorCount, 1, 16) : threads;
        if (workers == 1)
        {
            run.ProcessInOrder(lines, progress, cancellationToken);
        }
        else
        {
            run.Process(lines, workers, progress, cancellationToken);
        }

        return run;
    }

    /// <summary>The sequential path: each batch is checked on this thread as soon as it is read.</summary>
    private void ProcessInOrder(BundleLineReader lines, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var checker = new EvidenceRecordChecker(_checkpoint, _org);
        long ordinal = 0;
        while (Failure is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = ReadBatch(lines, ordinal, out var readFailure);
            if (batch is null)
            {
                Failure = readFailure;
                break;
            }

            try
            {
                Check(checker, batch);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(batch.Buffer);
            }

            ordinal += batch.Count;
            progress?.Report(lines.BytesRead);
            Collect([batch], null);
        }
    }

    private void Process(BundleLineReader lines, int workerCount, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<LineBatch>(boundedCapacity: workerCount * 2);
        var workers = new Task[workerCount];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Factory.StartNew(
                () => Work(queue, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        var batches = new List<LineBatch>();
        EvidenceFailure? readFailure = null;
        try
        {
            long ordinal = 0;
            while (Volatile.Read(ref _failedAt) == long.MaxValue)
            {
                var batch = ReadBatch(lines, ordinal, out readFailure);
                if (batch is null)
                {
                    break;
                }

                batches.Add(batch);
                queue.Add(batch, stop.Token);
                ordinal += batch.Count;
                progress?.Report(lines.BytesRead);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A worker stopped the run by failing; its exception surfaces below.
        }
        finally
        {
            queue.CompleteAdding();
            Task.WhenAll(workers).GetAwaiter().GetResult();
        }

        cancellationToken.ThrowIfCancellationRequested();
        Collect(batches, readFailure);
    }

    /// <summary>The next batch; null at the end of the bundle or when it cannot be read, which <paramref name="failure"/> then says.</summary>
    private LineBatch? ReadBatch(BundleLineReader lines, long ordinal, out EvidenceFailure? failure)
    {
        failure = null;
        try
        {
            return lines.ReadBatch(ordinal);
        }
        catch (InvalidDataException e)
        {
            failure = new EvidenceFailure(_header.FirstLeafIndex + ordinal, null, e.Message);
            return null;
        }
    }

    private void Collect(List<LineBatch> batches, EvidenceFailure? readFailure)
    {
        foreach (var batch in batches)
        {
            Lines += batch.Count;
            if (Failure is not null)
            {
                continue;
            }

            Verified += batch.Verified;
            Erased += batch.Erased;
            Failure = batch.Failure;
        }

        Failure ??= readFailure;
    }

    private void Work(BlockingCollection<LineBatch> queue, CancellationTokenSource stop)
    {
        try
        {
            var checker = new EvidenceRecordChecker(_checkpoint, _org);
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                try
                {
                    if (!stop.IsCancellationRequested && batch.FirstOrdinal < Volatile.Read(ref _failedAt))
                    {
                        Check(checker, batch);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(batch.Buffer);
                }
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Check(EvidenceRecordChecker checker, LineBatch batch)
    {
        checker.StartRun();
        var first = _header.FirstLeafIndex + batch.FirstOrdinal;
        long erased = 0;
        var text = batch.Text;
        var at = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var ordinal = batch.FirstOrdinal + i;

            // The header is line 1, so event line k (from 0) is line k + 2.
            var failure = checker.Check(text[at..], first + i, ordinal + 2, out var length, out var lineErased);
            at = Math.Min(text.Length, at + length + 1);
            if (failure is not null)
            {
                batch.Failure = failure;
                LowerFailedAt(ordinal);
                break;
            }

            erased += lineErased;
            batch.Verified++;
        }

        batch.Erased = erased;
    }

    private void LowerFailedAt(long ordinal)
    {
        var current = Volatile.Read(ref _failedAt);
        while (ordinal < current)
        {
            var seen = Interlocked.CompareExchange(ref _failedAt, ordinal, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
