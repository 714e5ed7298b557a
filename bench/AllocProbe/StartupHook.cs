using System.Globalization;

// The runtime looks the hook up by this exact name, outside any namespace.
#pragma warning disable CA1050

/// <summary>
/// Loaded by <c>DOTNET_STARTUP_HOOKS</c> before the application's Main: every
/// <c>MUDBASE_ALLOC_PROBE_INTERVAL_MS</c> (default 200) it writes one line of the process's garbage collector counters
/// — <c>allocated_bytes gen0 gen1 gen2 pause_ms</c> as key=value pairs — to the file <c>MUDBASE_ALLOC_PROBE_FILE</c>
/// (replaced whole, so a reader never sees half a line), or to standard error every 5 s when no file is named.
/// A benchmark reads it before and after a run and divides the differences by the events the run recorded.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var file = Environment.GetEnvironmentVariable("MUDBASE_ALLOC_PROBE_FILE");
        var interval = int.TryParse(Environment.GetEnvironmentVariable("MUDBASE_ALLOC_PROBE_INTERVAL_MS"), out var ms) && ms > 0
            ? ms
            : file is null ? 5000 : 200;
        var thread = new Thread(() => Run(file, TimeSpan.FromMilliseconds(interval)))
        {
            IsBackground = true,
            Name = "Mudbase alloc probe",
        };
        thread.Start();
    }

    private static void Run(string? file, TimeSpan interval)
    {
        while (true)
        {
            var line = Sample();
            if (file is null)
            {
                Console.Error.WriteLine("alloc-probe " + line);
            }
            else
            {
                var partial = file + ".tmp";
                File.WriteAllText(partial, line + "\n");
                File.Move(partial, file, overwrite: true);
            }
            Thread.Sleep(interval);
        }
    }

    /// <summary>The counters now: bytes allocated since start, collections per generation, total pause time.</summary>
    internal static string Sample() => string.Create(CultureInfo.InvariantCulture,
        $"allocated_bytes={GC.GetTotalAllocatedBytes(precise: false)} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:F1}");
}
