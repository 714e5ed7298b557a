using System.Runtime.CompilerServices;

namespace Mudbase.Ledger.Evidence;

/// <summary>
/// Verifies the event lines of a bundle on every core: each worker thread (the calling thread is one of them) takes the
/// next batch of lines from the reader itself and checks it, so no thread only deals lines out. Each line's expected
/// leaf index follows from its position alone, so batches are independent; the first failure is the one on the lowest
/// line, and no further batch is taken once any failure is known.
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
    private readonly BundleLineReader _lines;
    private readonly IProgress<long>? _progress;

    // Guards the reader and the batches taken from it, which are kept in line order.
    private readonly Lock _gate = new();
    private readonly List<LineBatch> _batches = [];
    private long _nextOrdinal;
    private bool _endOfLines;
    private EvidenceFailure? _readFailure;
    private long _failedAt = long.MaxValue;

    private EvidenceRun(EvidenceHeader header, Checkpoint checkpoint, BundleLineReader lines, IProgress<long>? progress)
    {
        _header = header;
        _checkpoint = checkpoint;
        _lines = lines;
        _progress = progress;
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
        var run = new EvidenceRun(header, checkpoint, lines, progress);
        var workers = threads == 0 ? Math.Clamp(Environment.ProcessorCount, 1, 16) : threads;
        run.Process(workers, cancellationToken);
        run.Collect();
        return run;
    }

    /// <summary>Runs <paramref name="workerCount"/> workers, this thread and the others it starts, until the lines run out.</summary>
    private void Process(int workerCount, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = new Task[workerCount];
        for (var i = 1; i < workers.Length; i++)
        {
            workers[i] = Task.Factory.StartNew(
                () => Work(stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            Work(stop);
            workers[0] = Task.CompletedTask;
        }
        catch (Exception e)
        {
            workers[0] = Task.FromException(e);
        }

        // The first exception, this thread's before the others', surfaces once every worker has stopped.
        Task.WhenAll(workers).GetAwaiter().GetResult();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Work(CancellationTokenSource stop)
    {
        try
        {
            var checker = new EvidenceRecordChecker(_checkpoint, _org);
            while (!stop.IsCancellationRequested && Take() is { } batch)
            {
                try
                {
                    if (batch.FirstOrdinal < Volatile.Read(ref _failedAt))
                    {
                        Check(checker, batch);
                    }
                }
                finally
                {
                    batch.Release();
                }
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
    }

    /// <summary>
    /// The next batch in line order; null at the end of the bundle, once a failure is known, or when the bundle cannot
    /// be read further, which then becomes the read failure.
    /// </summary>
    private LineBatch? Take()
    {
        lock (_gate)
        {
            if (_endOfLines || Volatile.Read(ref _failedAt) != long.MaxValue)
            {
                return null;
            }

            LineBatch? batch;
            try
            {
                batch = _lines.ReadBatch(_nextOrdinal);
            }
            catch (InvalidDataException e)
            {
                _readFailure = new EvidenceFailure(_header.FirstLeafIndex + _nextOrdinal, null, e.Message);
                batch = null;
            }

            if (batch is null)
            {
                _endOfLines = true;
                return null;
            }

            _batches.Add(batch);
            _nextOrdinal += batch.Count;
            _progress?.Report(_lines.BytesRead);
            return batch;
        }
    }

    private void Collect()
    {
        foreach (var batch in _batches)
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

        Failure ??= _readFailure;
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
