namespace Mudbase.Contracts;

/// <summary>Answer of <c>GET /api/status</c>, in the official contract's shape.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Data">The status.</param>
public sealed record SystemStatusResponse(bool Success, SystemStatus Data);

/// <summary>State of the server process that answered.</summary>
/// <param name="Uptime">Seconds since the process started.</param>
/// <param name="Version">The server's version.</param>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>, as <c>/health</c> says.</param>
/// <param name="Memory">Working set against the memory available to the process.</param>
/// <param name="Cpu">CPU use averaged since start, in percent of all cores.</param>
/// <param name="Requests">Requests answered since start.</param>
/// <param name="Database">How fast the database answered the health check.</param>
/// <param name="Storage">The data directory's disk; absent when it cannot be read.</param>
/// <param name="Services">Every health check by name: <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
public sealed record SystemStatus(
    long Uptime, string Version, string Status, MemoryStatus Memory, CpuStatus Cpu, RequestStatus Requests,
    DatabaseStatus Database, StorageStatus? Storage, IReadOnlyDictionary<string, string> Services);

/// <summary>
/// Memory. <c>used</c> and <c>total</c> are in MiB, so that clients generated from the official contract (32-bit
/// integers) can read them; the bytes are in <c>usedBytes</c> and <c>totalBytes</c>.
/// </summary>
/// <param name="Used">Working set of the process, MiB.</param>
/// <param name="Total">Memory available to the process, MiB.</param>
/// <param name="Percentage">Used over total, in percent.</param>
/// <param name="UsedBytes">Working set of the process, bytes.</param>
/// <param name="TotalBytes">Memory available to the process, bytes.</param>
public sealed record MemoryStatus(long Used, long Total, double Percentage, long UsedBytes, long TotalBytes);

/// <summary>CPU.</summary>
/// <param name="Usage">Percent of all cores, averaged since start.</param>
/// <param name="Cores">Logical processors available.</param>
public sealed record CpuStatus(double Usage, int Cores);

/// <summary>Requests answered by this process.</summary>
/// <param name="Total">All requests.</param>
/// <param name="Successful">Answered below 400.</param>
/// <param name="Errors">Answered 500 or above.</param>
/// <param name="ErrorRate">Errors over total, in percent.</param>
public sealed record RequestStatus(long Total, long Successful, long Errors, double ErrorRate);

/// <summary>The database.</summary>
/// <param name="ResponseTime">Milliseconds the database health check took.</param>
public sealed record DatabaseStatus(long ResponseTime);

/// <summary>The data directory's disk; <c>used</c> and <c>available</c> in MiB like <see cref="MemoryStatus"/>.</summary>
/// <param name="Used">MiB used.</param>
/// <param name="Available">MiB free for this process.</param>
/// <param name="Percentage">Used over size, in percent.</param>
/// <param name="UsedBytes">Bytes used.</param>
/// <param name="AvailableBytes">Bytes free for this process.</param>
public sealed record StorageStatus(long Used, long Available, double Percentage, long UsedBytes, long AvailableBytes);
