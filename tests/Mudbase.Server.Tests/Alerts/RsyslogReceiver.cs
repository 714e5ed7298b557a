using System.Diagnostics;
using Mudbase.Server.Tests.Infrastructure;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>
/// A private rsyslogd (Debian's rsyslog package) listening on a loopback TCP port with octet-counting framing, writing
/// each received message on a line of its own file. Its own config, pid file and work directory; never the system one.
/// </summary>
public sealed class RsyslogReceiver : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "mudbase-tests", "rsyslog-" + Guid.NewGuid().ToString("N"));
    private Process? process;

    public RsyslogReceiver(int? port = null)
    {
        Port = port ?? ServerProcess.FreePort();
        Directory.CreateDirectory(directory);
    }

    public int Port { get; }

    public string Url => $"syslog://127.0.0.1:{Port}";

    private string Output => Path.Combine(directory, "received.log");

    public async Task StartAsync()
    {
        var config = Path.Combine(directory, "rsyslog.conf");
        await File.WriteAllTextAsync(config, $$"""
            global(workDirectory="{{directory}}")
            module(load="imtcp")
            template(name="raw" type="string" string="%rawmsg%\n")
            ruleset(name="mudbase") { action(type="omfile" file="{{Output}}" template="raw") }
            input(type="imtcp" address="127.0.0.1" port="{{Port}}" ruleset="mudbase")
            """);
        process = Process.Start(new ProcessStartInfo("rsyslogd", ["-n", "-f", config, "-i", Path.Combine(directory, "rsyslogd.pid")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await AcceptsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"rsyslogd did not start: {await process.StandardError.ReadToEndAsync()}");
            await Task.Delay(100);
        }
    }

    public async Task<string[]> WaitForLinesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lines = File.Exists(Output) ? (await File.ReadAllLinesAsync(Output)).Where(l => l.Length > 0).ToArray() : [];
            if (lines.Length >= count)
                return lines;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"rsyslogd wrote {lines.Length} of {count} messages");
            await Task.Delay(100);
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }
        process?.Dispose();
        Directory.Delete(directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
