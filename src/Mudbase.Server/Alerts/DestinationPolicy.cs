using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Where deliveries may go (SSRF): the URL when a subscription is saved, and every resolved address at connect time,
/// so a hostname that resolves (or later re-resolves) to an internal address is refused too.
/// </summary>
internal sealed class DestinationPolicy(IOptions<WebhookOptions> options)
{
    public const string Https = "https", Http = "http", Syslog = "syslog", SyslogTls = "syslog+tls";

    /// <summary>Null when the URL is acceptable; otherwise why not.</summary>
    public string? CheckUrl(string text, out Uri? url)
    {
        url = null;
        if (text.Length > 2048 || !Uri.TryCreate(text, UriKind.Absolute, out var parsed))
            return "must be an absolute URL of at most 2048 characters";
        if (parsed.Scheme is not (Https or Http or Syslog or SyslogTls))
            return "must be an https:// URL (http:// on loopback), or syslog:// or syslog+tls:// for SIEM forwarding";
        if (!string.IsNullOrEmpty(parsed.UserInfo))
            return "must not carry credentials";
        if (parsed.Scheme is Syslog or SyslogTls && (parsed.IsDefaultPort || parsed.AbsolutePath != "/"))
            return "a syslog URL is syslog://host:port or syslog+tls://host:port";
        var loopbackName = parsed.IsLoopback || parsed.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        if (parsed.Scheme is Http or Syslog && !loopbackName && !options.Value.AllowHttp)
            return "must use TLS (https:// or syslog+tls://) outside loopback";
        if (IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out var literal) && Refusal(literal) is { } refusal)
            return refusal;
        url = parsed;
        return null;
    }

    /// <summary>Null when a connection to the address is allowed; otherwise why not.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var kind = Classify(address);
        return kind switch
        {
            AddressKind.Public => null,
            AddressKind.Loopback when options.Value.AllowLoopback => null,
            AddressKind.Private when options.Value.AllowPrivateNetworks => null,
            AddressKind.Loopback => $"destination {address} is a loopback address; the operator setting {WebhookOptions.Section}:AllowLoopback allows it",
            AddressKind.Private => $"destination {address} is a private or link-local address; the operator setting {WebhookOptions.Section}:AllowPrivateNetworks allows it",
            _ => $"destination {address} is not a unicast address",
        };
    }

    /// <summary>Resolves the host and connects to the first allowed address; refused addresses are never connected to.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        string? refusal = null;
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            if ((refusal = Refusal(address)) is not null)
                continue;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return socket;
            }
            catch (SocketException e)
            {
                // The next allowed address may answer (localhost as ::1 and 127.0.0.1, say).
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (failure is not null)
            throw failure;
        throw new DestinationRefusedException(refusal ?? $"{host} has no address");
    }

    private enum AddressKind { Public, Loopback, Private, Other }

    private static AddressKind Classify(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
            return AddressKind.Loopback;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [0, ..] or [>= 224, ..] => AddressKind.Other,
                [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] or [169, 254, ..] or [100, >= 64 and <= 127, ..] => AddressKind.Private,
                _ => AddressKind.Public,
            };
        }
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast)
            return AddressKind.Other;
        var first = address.GetAddressBytes()[0];
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || (first & 0xfe) == 0xfc
            ? AddressKind.Private
            : AddressKind.Public;
    }
}

/// <summary>The destination resolved only to addresses the operator does not allow.</summary>
internal sealed class DestinationRefusedException(string message) : Exception(message);
