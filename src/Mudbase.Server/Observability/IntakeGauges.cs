using System.Diagnostics.Metrics;
using Mudbase.Server.TransparencyLog.Intake;

namespace Mudbase.Server.Observability;

/// <summary>The depth of the intake of a shared database, as this node sees it (PostgreSQL only).</summary>
internal static class IntakeGauges
{
    public static void Register(Meter meter, IntakeWaiter intake)
    {
        meter.CreateObservableGauge("mudbase.intake.parked", () => intake.ParkedCount, "{request}",
            "Requests of this node written to the intake and waiting for an integrator");
        meter.CreateObservableGauge("mudbase.intake.pending", () => intake.PendingCount, "{request}",
            "Requests of every node in the intake at this node's last survey (once a second)");
    }
}
