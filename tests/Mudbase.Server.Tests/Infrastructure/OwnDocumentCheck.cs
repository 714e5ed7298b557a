namespace Mudbase.Server.Tests.Infrastructure;

/// <summary>
/// Validates every response a test receives from an in-memory server against the server's own OpenAPI document: the
/// operation and its status must be declared, the media type too, and a JSON body must validate against the declared
/// schema. A response that does not fails the request that received it, naming the operation, the status and the
/// first schema error.
/// </summary>
public sealed class OwnDocumentCheck : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!OwnDocument.Covers(path))
            return response;
        var declared = await OwnDocument.ResponsesAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        string? body = null;
        if (DeclaredResponses.IsJson(mediaType))
        {
            // Buffer so the caller can still read the body after it was validated here.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        var failure = OwnDocument.Check(declared, request.Method.Method, path, (int)response.StatusCode, mediaType, body);
        if (failure is not null)
        {
            response.Dispose();
            throw new UndocumentedResponseException(failure);
        }
        return response;
    }
}

/// <summary>A response the server's own OpenAPI document does not declare.</summary>
public sealed class UndocumentedResponseException(string message) : Exception(message);
