using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts;

/// <summary>
/// Forwards to a syslog receiver over TCP (<c>syslog://</c>) or TLS (<c>syslog+tls://</c>, RFC 5425). An attempt
/// succeeds when the message was written and the receiver closed the stream after reading it, which it only does
/// once it has consumed what was sent.
/// </summary>
internal sealed class SyslogTransport(DestinationPolicy policy, IOptions<WebhookOptions> options)
{
    private readonly X509Certificate2Collection trusted = LoadTrusted(options.Value.SyslogTrustedCaFile);

    public async Task<DeliveryOutcome> SendAsync(WebhookRecord target, OutboundMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        var url = new Uri(target.Url);
        try
        {
            using var socket = await policy.ConnectAsync(url.IdnHost, url.Port, timeout.Token);
            await using var network = new NetworkStream(socket, ownsSocket: false);
            Stream stream = network;
            if (url.Scheme == DestinationPolicy.SyslogTls)
            {
                var tls = new SslStream(network, leaveInnerStreamOpen: true);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = url.IdnHost,
                    RemoteCertificateValidationCallback = Validate,
                }, timeout.Token);
                stream = tls;
            }
            await using (stream)
            {
                await stream.WriteAsync(SyslogFormat.Frame(message, target.Format, Environment.MachineName), timeout.Token);
                await stream.FlushAsync(timeout.Token);
                if (stream is SslStream tls)
                    await tls.ShutdownAsync();
                socket.Shutdown(SocketShutdown.Send);
                var drain = new byte[256];
                while (await stream.ReadAsync(drain, timeout.Token) > 0)
                {
                }
            }
            return new(true, null, WebhookTransport.Elapsed(started), null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, null, WebhookTransport.Elapsed(started), $"timed out after {options.Value.TimeoutSeconds} s", null);
        }
        catch (Exception e) when (e is SocketException or IOException or DestinationRefusedException or System.Security.Authentication.AuthenticationException)
        {
            return new(false, null, WebhookTransport.Elapsed(started), e.Message, null);
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (trusted.Count == 0 || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }

    private static X509Certificate2Collection LoadTrusted(string? file)
    {
        var collection = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(file))
            collection.ImportFromPemFile(file);
        return collection;
    }
}
