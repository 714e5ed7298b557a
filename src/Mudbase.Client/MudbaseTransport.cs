using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mudbase.Contracts;

namespace Mudbase.Client;

/// <summary>Sends requests with the current credentials and turns error answers into <see cref="MudbaseApiException"/>.</summary>
internal sealed class MudbaseTransport(HttpClient http)
{
    private volatile string? jwt;
    private volatile string? apiKey;

    public HttpClient Http => http;

    public void SetJwt(string? value) => jwt = value;

    public void SetApiKey(string? value) => apiKey = value;

    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = Create(method, path);
        request.Content = JsonContent.Create(body, requestType);
        return await ReadAsync(request, responseType, cancellationToken);
    }

    public async Task<TResponse> SendAsync<TResponse>(
        HttpMethod method, string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = Create(method, path);
        return await ReadAsync(request, responseType, cancellationToken);
    }

    public HttpRequestMessage Create(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (jwt is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (apiKey is { } key)
            request.Headers.Add("X-API-Key", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, completion, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
                throw await ToExceptionAsync(response, cancellationToken);
        }
        return response;
    }

    public async Task<TResponse> ReadAsync<TResponse>(HttpRequestMessage request, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.Content.ReadFromJsonAsync(responseType, cancellationToken)
            ?? throw new MudbaseApiException(response.StatusCode, ErrorCodes.InternalError, "The server sent an empty answer", null, null);
    }

    private static async Task<MudbaseApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ErrorBody? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(MudbaseJsonContext.Default.ErrorBody, cancellationToken);
        }
        catch (JsonException)
        {
        }
        return body is null
            ? new MudbaseApiException(response.StatusCode, FallbackCode(response.StatusCode), response.ReasonPhrase ?? "Request failed", null, null)
            : new MudbaseApiException(response.StatusCode, body.Code, body.Error, body.Details, body.RequestId)
            {
                RetryAfter = response.Headers.RetryAfter?.Delta,
            };
    }

    private static string FallbackCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => ErrorCodes.Unauthorized,
        HttpStatusCode.Forbidden => ErrorCodes.Forbidden,
        HttpStatusCode.NotFound => ErrorCodes.NotFound,
        HttpStatusCode.ServiceUnavailable => ErrorCodes.ServiceUnavailable,
        >= HttpStatusCode.InternalServerError => ErrorCodes.InternalError,
        _ => ErrorCodes.ValidationError,
    };
}
