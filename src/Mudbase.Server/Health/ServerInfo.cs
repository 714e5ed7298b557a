using System.Reflection;

namespace Mudbase.Server.Health;

/// <summary>What this server process is: its version and how long it has run.</summary>
internal sealed class ServerInfo(TimeProvider time)
{
    private readonly long started = time.GetTimestamp();

    /// <summary>The server assembly's informational version (the <c>Version</c> it was built with).</summary>
    public string Version { get; } =
        typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ServerInfo).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public TimeSpan Uptime => time.GetElapsedTime(started);

    public long UptimeSeconds => (long)Uptime.TotalSeconds;
}
