using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace Mudbase.Server.Http;

/// <summary>Reads a JSON request body under the contract's limits, turning every violation into a 4xx.</summary>
internal static class JsonBody
{
    public const long DefaultLimit = 64 * 1024;
    public const int MaxDepth = 8;

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    public static async Task<(JsonDocument? Document, ApiProblem? Problem)> ReadAsync(
        HttpRequest request, long limit = DefaultLimit)
    {
        if (!IsJson(request.ContentType))
            return (null, ApiProblem.UnsupportedMediaType());
        if (request.ContentLength > limit)
            return (null, ApiProblem.PayloadTooLarge(limit));

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = limit;

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var n ? (int)n : 1024);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(4096), request.HttpContext.RequestAborted);
                if (read == 0)
                    break;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                    return (null, ApiProblem.PayloadTooLarge(limit));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblem.PayloadTooLarge(limit));
        }

        if (buffer.WrittenCount == 0)
            return (null, ApiProblem.Validation("body", "a JSON object is required"));
        if (!Utf8.IsValid(buffer.WrittenSpan))
            return (null, ApiProblem.Validation("body", "body is not valid UTF-8"));
        // Before parsing: the duplicate-property check decodes names, and a lone surrogate there would throw.
        if (JsonText.FindInvalidString(buffer.WrittenSpan) is { } invalid)
            return (null, ApiProblem.Validation("body", invalid));
        try
        {
            return (JsonDocument.Parse(buffer.WrittenMemory, ParseOptions), null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblem.Validation("body", JsonText.ExplainRefusal(buffer.WrittenSpan, MaxDepth) ?? Describe(e)));
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
            return false;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    // The parser's own messages mention .NET types; callers get a stable, plain sentence instead.
    private static string Describe(JsonException e)
    {
        if (e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
            return "JSON contains a duplicate property" + LinePosition(e);
        return "body is not valid JSON" + LinePosition(e);
    }

    private static string LinePosition(JsonException e) =>
        e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
}
