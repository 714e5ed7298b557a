using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Mudbase.Server.Hosting;

/// <summary>
/// Where the server listens: <c>http://localhost:5080</c> unless any of the usual ways says otherwise
/// (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, <c>--urls</c>, <c>Urls</c>, <c>Kestrel:Endpoints</c>).
/// An address already in use ends the process with one clear line and exit code 2.
/// </summary>
internal static class Listening
{
    public const string DefaultUrl = "http://localhost:5080";
    public const int AddressInUseExitCode = 2;

    public static void UseDefaultUrlUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = !string.IsNullOrEmpty(configuration["urls"]) || !string.IsNullOrEmpty(configuration["http_ports"])
            || !string.IsNullOrEmpty(configuration["https_ports"]) || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
            builder.WebHost.UseUrls(DefaultUrl);
    }

    /// <summary>Runs the server; a busy address is one line on stderr and a non-zero exit instead of a stack trace.</summary>
    public static int Run(WebApplication app)
    {
        // Checked before anything starts, so the common case is one line and nothing else; a race with another
        // process between this check and the bind still ends in the same line below.
        if (BusyAddress(ConfiguredUrls(app.Configuration)) is { } busy)
            return Refuse($"{busy} is already in use");
        try
        {
            app.Run();
            return 0;
        }
        catch (Exception e) when (IsAddressInUse(e))
        {
            return Refuse(Innermost(e).Message);
        }
    }

    private static int Refuse(string reason)
    {
        Console.Error.WriteLine($"mudbase: cannot listen: {reason}. Stop what uses the port, or choose another with ASPNETCORE_URLS or --urls.");
        return AddressInUseExitCode;
    }

    private static IEnumerable<string> ConfiguredUrls(IConfiguration configuration) =>
        (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat((configuration["http_ports"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(port => $"http://*:{port}"));

    private static string? BusyAddress(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (!BindingAddress.TryParse(url, out var endPoint))
                continue;
            using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(endPoint);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
            catch (SocketException)
            {
                // Not ours to judge here (no IPv6, no permission): Kestrel reports it when it binds.
            }
        }
        return null;
    }

    private static bool IsAddressInUse(Exception e) =>
        e is AddressInUseException || Innermost(e) is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
        || (e.InnerException is { } inner && IsAddressInUse(inner));

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
