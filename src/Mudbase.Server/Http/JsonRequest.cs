using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mudbase.Server.Http;

internal static class JsonRequest
{
    /// <summary>Reads the body under the contract's limits and hands its root to <paramref name="handle"/>; a bad body is answered here.</summary>
    public static async Task<Results<TOk, ApiProblem>> HandleAsync<TOk>(
        HttpContext context, Func<JsonElement, Task<Results<TOk, ApiProblem>>> handle)
        where TOk : IResult
    {
        var (document, problem) = await JsonBody.ReadAsync(context.Request);
        if (problem is not null)
            return problem;
        using (document)
            return await handle(document!.RootElement);
    }
}
