using System.Net;

namespace Mudbase.Server.Hosting;

/// <summary>The endpoint a listening URL binds: a literal address, loopback for <c>localhost</c>, any address for <c>*</c>, <c>+</c> or a name.</summary>
internal static class BindingAddress
{
    public static bool TryParse(string url, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Any, 0);
        var normalized = url.Replace("://*", "://any.invalid", StringComparison.Ordinal).Replace("://+", "://any.invalid", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0)
            return false;
        var address = uri.Host switch
        {
            "localhost" => IPAddress.Loopback,
            _ when IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) => literal,
            _ => IPAddress.Any,
        };
        endPoint = new IPEndPoint(address, uri.Port);
        return true;
    }
}
