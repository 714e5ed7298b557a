using System.Text.Json;
using System.Text.Json.Nodes;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Gdpr;

/// <summary>The 409 of an account erasure: the Mudbase error body plus the official <c>soleOwnedOrgs</c> list.</summary>
internal sealed class SoleOwnerProblem(SoleOwnerRefusal refusal) : IResult
{
    public IReadOnlyList<string> SoleOwnedOrgs => refusal.SoleOwnedOrgs;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var problem = ApiProblem.From(refusal);
        var body = JsonSerializer.SerializeToNode(problem.ToBody(httpContext), MudbaseJsonContext.Default.ErrorBody)!.AsObject();
        body["soleOwnedOrgs"] = new JsonArray(refusal.SoleOwnedOrgs.Select(org => (JsonNode?)JsonValue.Create(org)).ToArray());
        httpContext.Response.StatusCode = problem.StatusCode;
        httpContext.Response.ContentType = "application/problem+json";
        await httpContext.Response.WriteAsync(body.ToJsonString(), httpContext.RequestAborted);
    }
}
