using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Mudbase.Server.Tests.Infrastructure;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Mudbase.Server.Tests.Alerts;

/// <summary>A webhook receiver on a loopback port, answering what the test sets and recording every request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly LoopbackListener listener;

    public WebhookReceiver() => listener = new LoopbackListener(AnswerAsync);

    public int Port => listener.Port;

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>The status every request is answered with; 503 plays a receiver that is down.</summary>
    public int Status { get; set; } = 204;

    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<ReceivedMessage> Requests { get; } = new();

    /// <summary>Accepted messages in arrival order.</summary>
    public IReadOnlyList<ReceivedMessage> Accepted => Requests.Where(r => r.Status is >= 200 and < 300).ToList();

    public async Task<IReadOnlyList<ReceivedMessage>> WaitForAcceptedAsync(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (Accepted.Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the receiver accepted {Accepted.Count} of {count} messages");
            await Task.Delay(50);
        }
        return Accepted;
    }

    /// <summary>
    /// Every request received so far, counting those that reached the receiver before this call and are still
    /// waiting out <see cref="Delay"/>: after a sender is killed, its last request can still be in flight here.
    /// </summary>
    public async Task<List<ReceivedMessage>> ReceivedSoFarAsync()
    {
        await Task.Delay(Delay + TimeSpan.FromMilliseconds(250));
        return [.. Requests];
    }

    private async Task AnswerAsync(HttpListenerContext context, byte[] body)
    {
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay);
        var status = Status;
        Requests.Enqueue(new(context.Request.Headers["webhook-id"]!, context.Request.Headers["webhook-timestamp"]!,
            context.Request.Headers["webhook-signature"]!, body, status));
        context.Response.StatusCode = status;
        if (status is >= 300 and < 400)
            context.Response.RedirectLocation = "http://127.0.0.1:1/elsewhere";
        context.Response.Close(Encoding.UTF8.GetBytes($"answered {status}"), willBlock: false);
    }

    public ValueTask DisposeAsync() => listener.DisposeAsync();
}

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedMessage(string Id, string Timestamp, string Signature, byte[] Body, int Status)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public long Sequence => Json.GetProperty("data").GetProperty("sequence").GetInt64();

    /// <summary>
    /// The Standard Webhooks check written from the specification, apart from the server's code: the key is the
    /// base64 after <c>whsec_</c>; the signed content is <c>id.timestamp.body</c>; any <c>v1,</c> entry may match.
    /// </summary>
    public bool IsSignedWith(string secret)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret.Split('_', 2)[1]));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.").Concat(Body).ToArray()));
        return Signature.Split(' ').Any(entry => entry.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    /// <summary>
    /// The same check by the published StandardWebhooks package, as a receiver would run it (it also refuses a
    /// timestamp more than five minutes from now, so only for messages sent on the real clock). Each signature of the
    /// header is offered on its own: the package's loop stops before the last entry of a header with several.
    /// </summary>
    public bool PassesStandardWebhooksVerification(string secret) =>
        Signature.Split(' ').Any(entry => PassesStandardWebhooksVerification(new StandardWebhook(secret), entry));

    private bool PassesStandardWebhooksVerification(StandardWebhook webhook, string signature)
    {
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = Id,
            ["webhook-timestamp"] = Timestamp,
            ["webhook-signature"] = signature,
        };
        try
        {
            webhook.Verify(Encoding.UTF8.GetString(Body), headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }
}
