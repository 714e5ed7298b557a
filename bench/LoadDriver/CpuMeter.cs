using System.Globalization;

namespace Mudbase.Bench.LoadDriver;

/// <summary>
/// CPU time from /proc over one phase: the server's (by pid), this driver's, and the rest of the machine's, so a
/// phase reports the server's own CPU per request (what the queries cost, whatever else runs) and flags phases where
/// other processes used more than a tenth of the machine. Without /proc (or a pid) it reports nothing.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerMs = 100.0 / 1000; // USER_HZ is 100 on Linux
    private readonly int? serverPid;
    private (long Server, long Self, long Busy, long Total) start;

    public CpuMeter(int? serverPid)
    {
        this.serverPid = serverPid;
        start = Sample();
    }

    public void Restart() => start = Sample();

    /// <summary>Server CPU ms per request, and the share of the machine others used; null when not measurable.</summary>
    public (double ServerMsPerRequest, double OthersShare)? Stop(int requests)
    {
        var end = Sample();
        var total = end.Total - start.Total;
        if (serverPid is null || total <= 0 || requests == 0)
            return null;
        var server = end.Server - start.Server;
        var others = end.Busy - start.Busy - server - (end.Self - start.Self);
        return (server / TicksPerMs / requests, Math.Clamp((double)others / total, 0, 1));
    }

    private (long Server, long Self, long Busy, long Total) Sample()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal
            var busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
            return (serverPid is { } pid ? ProcessTicks($"/proc/{pid}/stat") : 0, ProcessTicks("/proc/self/stat"), busy, busy + cpu[3] + cpu[4]);
        }
        catch (IOException)
        {
            return default;
        }
    }

    // utime + stime of /proc/PID/stat; the command name in parentheses may contain spaces.
    private static long ProcessTicks(string path)
    {
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
