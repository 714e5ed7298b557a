namespace Mudbase.Server.TransparencyLog.Intake;

/// <summary>
/// How a node waits for the requests it parked in the intake of a shared database (section <c>Mudbase:Intake</c>).
/// NOTIFY is the wake-up; polling only covers a lost notification or a broken listening connection.
/// </summary>
internal sealed class IntakeOptions
{
    public const string Section = "Mudbase:Intake";

    /// <summary>
    /// LISTEN for integrations. Off behind a pooler that cannot hold a listening session (PgBouncer in transaction
    /// mode): the node then learns of its outcomes by polling every <see cref="PollIntervalMilliseconds"/>.
    /// </summary>
    public bool Listen { get; set; } = true;

    /// <summary>While requests are parked and no notification came, how often the node reads its outcomes and asks its writer to try the lease.</summary>
    public int PollIntervalMilliseconds { get; set; } = 200;

    /// <summary>Intake rows older than this are integrated by any node that notices them (their node died or missed a lease).</summary>
    public int StalledAfterMilliseconds { get; set; } = 2000;

    /// <summary>A parked request not integrated within this answers 503 (it stays in the intake and is integrated later).</summary>
    public int GiveUpSeconds { get; set; } = 30;

    public bool IsValid => PollIntervalMilliseconds > 0 && StalledAfterMilliseconds > 0 && GiveUpSeconds > 0;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMilliseconds);

    public TimeSpan StalledAfter => TimeSpan.FromMilliseconds(StalledAfterMilliseconds);

    public TimeSpan GiveUp => TimeSpan.FromSeconds(GiveUpSeconds);
}
