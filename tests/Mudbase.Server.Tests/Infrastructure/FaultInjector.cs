using System.Diagnostics;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// libfiu's command-line tools (Debian package fiu-utils): <c>fiu-run -x</c> starts the server with the POSIX
/// failure points preloaded, <c>fiu-ctrl</c> switches them on and off in the running process. The control FIFOs
/// fiu-run creates live in a folder of their own, removed on dispose.
/// </summary>
public sealed class FaultInjector : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mudbase-fiu-").FullName;

    private string FifoPrefix => Path.Combine(folder, "control");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The launcher for <see cref="ServerProcess.StartAsync"/>; the test fails (never skips) without fiu-utils.</summary>
    public IReadOnlyList<string> Launcher
    {
        get
        {
            Assert.True(File.Exists("/usr/bin/fiu-run") && File.Exists("/usr/bin/fiu-ctrl"),
                "fiu-run and fiu-ctrl are needed for the I/O fault tests: apt-get install fiu-utils");
            return ["fiu-run", "-x", "-f", FifoPrefix];
        }
    }

    public Task EnableAsync(ServerProcess server, string name, double probability) =>
        ControlAsync(server, probability >= 1 ? $"enable name={name}" : $"enable_random name={name},probability={probability:0.###}");

    public Task DisableAsync(ServerProcess server, string name) => ControlAsync(server, $"disable name={name}");

    private async Task ControlAsync(ServerProcess server, string command)
    {
        var start = new ProcessStartInfo("fiu-ctrl", ["-f", FifoPrefix, "-c", command, server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var control = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await control.WaitForExitAsync(timeout.Token);
        var error = await control.StandardError.ReadToEndAsync(timeout.Token);
        Assert.True(control.ExitCode == 0, $"fiu-ctrl -c '{command}' failed ({control.ExitCode}): {error}");
    }
}
