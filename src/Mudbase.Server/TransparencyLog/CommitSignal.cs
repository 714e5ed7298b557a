namespace Mudbase.Server.TransparencyLog;

/// <summary>
/// Wakes what follows the logs (deliveries, live streams, rules) after each commit of this process. It carries no
/// data: a woken reader reads what is new from storage, so a missed or merged pulse loses nothing. Commits made by
/// other nodes do not pulse here; readers also poll at their own interval.
/// </summary>
internal sealed class CommitSignal
{
    private TaskCompletionSource next = NewPulse();

    /// <summary>
    /// Completes at the first commit after this call. Take it before reading storage, then await it, so a commit
    /// between the read and the wait is not missed.
    /// </summary>
    public Task Next => Volatile.Read(ref next).Task;

    public void Committed() => Interlocked.Exchange(ref next, NewPulse()).TrySetResult();

    private static TaskCompletionSource NewPulse() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
