using System.Diagnostics;
using Npgsql;

namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>PostgreSQL's own client programs (pg_dump, pg_restore) from the Debian package the test cluster uses.</summary>
public static class PostgresTools
{
    public static async Task RunAsync(string program, string connectionString, params string[] args)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists)
            .OrderByDescending(d => Version.Parse(Path.GetFileName(Path.GetDirectoryName(d)!) + ".0")).First();
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Path.Combine(bin, program),
            ["-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.Username!, .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await errors}");
    }
}
