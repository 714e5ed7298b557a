using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Server.Auth;
using Mudbase.Server.Common;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Alerts.Rules;

internal static class RulesApi
{
    public static void MapRulesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance/rules")
            .WithTags("Detection rules")
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("", ListAsync).WithName("ListDetectionRules").WithSummary("List the organisation's detection rules")
            .WithDescription("Every rule, the built-in defaults included (`builtIn` names the default a rule started as). Owners, admins and auditors.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapGet("/{ruleId}", GetAsync).WithName("GetDetectionRule").WithSummary("Read a detection rule")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
        group.MapPost("", CreateAsync).WithName("CreateDetectionRule").WithSummary("Create a detection rule")
            .WithDescription("""
                `threshold` events matching `match` (`eventTypes`, `minSeverity`, exact `details`, `outsideWorkingHours`)
                with the same value of the detail `groupBy` within `windowSeconds` record one `emit` event whose details name
                the rule and the triggering sequences; a group fires at most once per window. Owners and admins.
                """)
            .Accepts<RuleInput>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest);
        group.MapPatch("/{ruleId}", UpdateAsync).WithName("UpdateDetectionRule").WithSummary("Change a detection rule")
            .WithDescription("Only the fields given change; `match` and `emit` are replaced whole; `groupBy: \"\"` removes grouping.")
            .Accepts<RuleInput>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapDelete("/{ruleId}", DeleteAsync).WithName("DeleteDetectionRule").WithSummary("Delete a detection rule")
            .WithDescription("Detections it already recorded stay in the ledger. A deleted built-in rule does not come back.")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<RuleListResponse>> ListAsync(HttpContext context, RuleCatalog catalog, CancellationToken cancellationToken)
    {
        var rules = await catalog.ListAsync(Caller.From(context.User).OrgId, cancellationToken);
        return TypedResults.Ok(new RuleListResponse(true, rules.Select(RuleCatalog.View).ToList()));
    }

    private static async Task<Results<Ok<RuleResponse>, ApiProblem>> GetAsync(
        string ruleId, HttpContext context, RuleCatalog catalog, IRuleStore store, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        await catalog.EnsureAsync(orgId, cancellationToken);
        return await store.FindAsync(orgId, ruleId, cancellationToken) is { } record
            ? TypedResults.Ok(new RuleResponse(true, RuleCatalog.View(record)))
            : NotFound();
    }

    private static async Task<Results<Created<RuleResponse>, ApiProblem>> CreateAsync(
        HttpContext context, RuleCatalog catalog, IRuleStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(context.Request);
        if (problem is not null)
            return problem;
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        if (input!.Name is null)
            missing["name"] = "is required";
        if (input.Match is null)
            missing["match"] = "is required";
        if (input.Threshold is null)
            missing["threshold"] = "is required";
        if (input.WindowSeconds is null)
            missing["windowSeconds"] = "is required";
        if (input.Emit?.Severity is null)
            missing["emit.severity"] = "is required";
        if (missing.Count > 0)
            return ApiProblem.Validation(missing);
        var rule = new RuleDefinition(input.Name!, input.Description, input.Enabled ?? true, input.Match!.ToMatch(),
            Grouping(input.GroupBy), input.Threshold!.Value, input.WindowSeconds!.Value, input.Emit!.ToEmit());
        if (RuleValidation.Check(rule) is { Count: > 0 } errors)
            return ApiProblem.Validation(errors);

        var orgId = Caller.From(context.User).OrgId;
        await catalog.EnsureAsync(orgId, cancellationToken);
        var now = time.GetUtcNow();
        var record = new RuleRecord(Ids.New("rul"), orgId, RuleCatalog.Serialize(rule), null, now, now);
        await store.InsertAsync(record, cancellationToken);
        return TypedResults.Created($"/api/compliance/rules/{record.Id}", new RuleResponse(true, RuleCatalog.View(record)));
    }

    private static async Task<Results<Ok<RuleResponse>, ApiProblem>> UpdateAsync(
        string ruleId, HttpContext context, RuleCatalog catalog, IRuleStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(context.Request);
        if (problem is not null)
            return problem;
        var orgId = Caller.From(context.User).OrgId;
        await catalog.EnsureAsync(orgId, cancellationToken);
        if (await store.FindAsync(orgId, ruleId, cancellationToken) is not { } record)
            return NotFound();
        var current = RuleCatalog.Parse(record);
        var rule = new RuleDefinition(input!.Name ?? current.Name, input.Description ?? current.Description, input.Enabled ?? current.Enabled,
            input.Match?.ToMatch() ?? current.Match, input.GroupBy is null ? current.GroupBy : Grouping(input.GroupBy),
            input.Threshold ?? current.Threshold, input.WindowSeconds ?? current.WindowSeconds, input.Emit?.ToEmit() ?? current.Emit);
        if (RuleValidation.Check(rule) is { Count: > 0 } errors)
            return ApiProblem.Validation(errors);
        var now = time.GetUtcNow();
        if (!await store.UpdateAsync(orgId, ruleId, RuleCatalog.Serialize(rule), now, cancellationToken))
            return NotFound();
        return TypedResults.Ok(new RuleResponse(true, RuleCatalog.View(record with { Definition = RuleCatalog.Serialize(rule), UpdatedAt = now })));
    }

    private static async Task<Results<Ok<RuleDeletedResponse>, ApiProblem>> DeleteAsync(
        string ruleId, HttpContext context, RuleCatalog catalog, IRuleStore store, CancellationToken cancellationToken)
    {
        var orgId = Caller.From(context.User).OrgId;
        await catalog.EnsureAsync(orgId, cancellationToken);
        return await store.DeleteAsync(orgId, ruleId, cancellationToken)
            ? TypedResults.Ok(new RuleDeletedResponse(true, "Rule deleted"))
            : NotFound();
    }

    private static string? Grouping(string? groupBy) => string.IsNullOrEmpty(groupBy) ? null : groupBy;

    private static ApiProblem NotFound() => ApiProblem.NotFound("Rule not found");

    private static async Task<(RuleInput? Input, ApiProblem? Problem)> ReadAsync(HttpRequest request)
    {
        var (document, problem) = await JsonBody.ReadAsync(request);
        if (problem is not null)
            return (null, problem);
        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object)
                return (null, ApiProblem.Validation("body", "must be a JSON object"));
            try
            {
                return (document.RootElement.Deserialize(RulesJsonContext.Default.RuleInput), null);
            }
            catch (JsonException e)
            {
                var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
                return (null, ApiProblem.Validation(field, "has the wrong type"));
            }
        }
    }
}
