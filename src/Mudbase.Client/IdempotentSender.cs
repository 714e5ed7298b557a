using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>Sends an event write with an <c>Idempotency-Key</c> and retries what is safe to retry with the same key.</summary>
internal sealed class IdempotentSender(MudbaseTransport transport, MudbaseRetryOptions options)
{
    public const string HeaderName = "Idempotency-Key";

    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType,
        string? idempotencyKey, CancellationToken cancellationToken)
    {
        var key = idempotencyKey ?? (options.SendIdempotencyKeys ? NewKey() : null);
        var retries = key is null ? 0 : Math.Max(0, options.MaxRetries);
        for (var attempt = 0; ; attempt++)
        {
            using var request = transport.Create(HttpMethod.Post, path);
            request.Content = JsonContent.Create(body, requestType);
            if (key is not null)
                request.Headers.TryAddWithoutValidation(HeaderName, $"\"{key}\"");
            try
            {
                return await transport.ReadAsync(request, responseType, cancellationToken);
            }
            catch (Exception e) when (attempt < retries && IsRetryable(e, cancellationToken))
            {
                await Task.Delay(Delay(attempt, (e as MudbaseApiException)?.RetryAfter), cancellationToken);
            }
        }
    }

    /// <summary>A fresh key: 128 random bits, as the draft standard recommends (a UUID).</summary>
    public static string NewKey() => Guid.NewGuid().ToString("D");

    private static bool IsRetryable(Exception failure, CancellationToken cancellationToken) => failure switch
    {
        // The request may or may not have reached the server: only the key makes sending it again safe.
        HttpRequestException or IOException => true,
        // HttpClient's own timeout, not the caller's cancellation.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        // A store that contradicts its signed checkpoints stays so until an operator acts: asking again does not help.
        MudbaseApiException api => (api.StatusCode == HttpStatusCode.ServiceUnavailable && api.Code != ErrorCodes.LedgerIntegrity)
            || (api.StatusCode == HttpStatusCode.Conflict && api.Code == ErrorCodes.IdempotencyKeyInUse),
        _ => false,
    };

    private TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var backoff = options.BaseDelay * Math.Pow(2, attempt) * (0.5 + Random.Shared.NextDouble() / 2);
        var wait = retryAfter is { } asked && asked > backoff ? asked : backoff;
        return wait < options.MaxDelay ? wait : options.MaxDelay;
    }
}
