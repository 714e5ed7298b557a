using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>
/// A syslog-over-TLS receiver (RFC 5425) on a loopback port with a self-signed certificate for <c>localhost</c>;
/// it reads octet-counted frames until the sender closes, then closes too.
/// </summary>
public sealed class TlsSyslogReceiver : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;
    private readonly Task loop;

    public TlsSyslogReceiver(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        CaFile = Path.Combine(directory, "syslog-ca.pem");
        File.WriteAllText(CaFile, created.ExportCertificatePem());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string CaFile { get; }

    public string Url => $"syslog+tls://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public ConcurrentQueue<string> Messages { get; } = new();

    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            {
                try
                {
                    await using var tls = new SslStream(client.GetStream());
                    await tls.AuthenticateAsServerAsync(certificate);
                    using var received = new MemoryStream();
                    await tls.CopyToAsync(received);
                    foreach (var message in Frames(received.ToArray()))
                        Messages.Enqueue(message);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    // A sender that refused the certificate.
                }
            }
        }
    }

    private static IEnumerable<string> Frames(byte[] data)
    {
        var at = 0;
        while (at < data.Length)
        {
            var space = Array.IndexOf(data, (byte)' ', at);
            var length = int.Parse(Encoding.ASCII.GetString(data, at, space - at), System.Globalization.CultureInfo.InvariantCulture);
            yield return Encoding.UTF8.GetString(data, space + 1, length);
            at = space + 1 + length;
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        await loop;
        certificate.Dispose();
    }
}
