namespace Mudbase.Server.Alerts.LiveStream;

/// <summary>Settings of the live event stream (<c>Mudbase:Stream</c>).</summary>
internal sealed class StreamOptions
{
    public const string Section = "Mudbase:Stream";

    /// <summary>Seconds between heartbeat comments on an idle stream, so proxies keep the connection open.</summary>
    public double HeartbeatSeconds { get; set; } = 15;

    /// <summary>How often a followed log is read even without a commit of this node (commits of other nodes).</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Live events held for one slow client; when it overflows the client is told where to resume.</summary>
    public int ClientBuffer { get; set; } = 1024;

    /// <summary>Events read from storage per query while a client catches up.</summary>
    public int ReplayPageSize { get; set; } = 200;
}
