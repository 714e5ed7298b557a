namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// The test server's clock: the system time plus an offset a test can move forward, e.g. past an expiry.
/// Timers keep running on real time, so background work is unaffected.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    /// <summary>Moves the clock forward until the returned scope is disposed.</summary>
    public IDisposable Advance(TimeSpan by)
    {
        Interlocked.Add(ref offsetTicks, by.Ticks);
        return new Rewind(this, by);
    }

    private sealed class Rewind(TestClock clock, TimeSpan by) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
                Interlocked.Add(ref clock.offsetTicks, -by.Ticks);
        }
    }
}
