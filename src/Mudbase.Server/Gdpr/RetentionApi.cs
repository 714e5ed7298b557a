using Microsoft.AspNetCore.Http.HttpResults;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Gdpr;

internal static class RetentionApi
{
    public static void MapRetentionApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/compliance")
            .WithTags("Privacy")
            .ProducesMudbaseErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        group.MapGet("/retention", GetAsync)
            .WithSummary("Retention policy")
            .WithDescription("Owners, admins and auditors. How long detail values are kept, and the detail keys erased with a subject.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
        group.MapPut("/retention", PutAsync)
            .WithSummary("Set the retention policy")
            .WithDescription($"Owners and admins. retentionDays ({GdprOptions.MinRetentionDays} to {GdprOptions.MaxRetentionDays}, or null to keep): a background job erases every detail value of older events (not those a legal hold covers), with a data_erasure_completed receipt per batch; event skeletons and commitments stay. personalKeys: detail keys besides userId, ipAddress and userAgent erased with a subject.")
            .Accepts<RetentionPolicyRequest>("application/json")
            .RequireAuthorization(AuthSetup.OrgAdminPolicy)
            .ProducesMudbaseErrors(StatusCodes.Status400BadRequest);
        group.MapGet("/erasures", ErasuresAsync)
            .WithSummary("Erasure records")
            .WithDescription("Owners, admins and auditors. The latest 100 erasures of your organisation (subject, account and retention) with their receipt events; subjects appear only as keyed hashes.")
            .RequireAuthorization(AuthSetup.OrgReaderPolicy);
    }

    private static async Task<Ok<RetentionPolicyResponse>> GetAsync(
        HttpContext context, IPrivacyStore store, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RetentionPolicyResponse(true,
            View(await store.GetSettingsAsync(Caller.From(context.User).OrgId, time.GetUtcNow(), cancellationToken))));

    private static Task<Results<Ok<RetentionPolicyResponse>, ApiProblem>> PutAsync(
        HttpContext context, IPrivacyStore store, TimeProvider time, CancellationToken cancellationToken) =>
        JsonRequest.HandleAsync<Ok<RetentionPolicyResponse>>(context, async root =>
        {
            var (input, errors) = PrivacyInputs.ParseRetention(root);
            if (input is null)
                return ApiProblem.Validation(errors);
            var orgId = Caller.From(context.User).OrgId;
            var keys = input.PersonalKeys
                ?? (await store.GetSettingsAsync(orgId, time.GetUtcNow(), cancellationToken)).PersonalKeys;
            var saved = await store.SaveSettingsAsync(orgId, input.RetentionDays,
                keys.Where(k => !PersonalKeys.BuiltIn.Contains(k)).ToList(), time.GetUtcNow(), cancellationToken);
            return TypedResults.Ok(new RetentionPolicyResponse(true, View(saved)));
        });

    private static async Task<Ok<ErasuresResponse>> ErasuresAsync(HttpContext context, IPrivacyStore store, CancellationToken cancellationToken)
    {
        var records = await store.ListErasuresAsync(Caller.From(context.User).OrgId, 100, cancellationToken);
        return TypedResults.Ok(new ErasuresResponse(true, records.Select(r => new ErasureView(r.Id, r.Scope, r.SubjectHash, r.RequestedBy,
            r.ErasedAt, r.Events, r.Details, r.HeldBack, r.ReceiptEventId)).ToList()));
    }

    private static RetentionPolicyView View(PrivacySettings settings) => new(
        settings.RetentionDays, GdprOptions.MinRetentionDays, GdprOptions.MaxRetentionDays, PersonalKeys.For(settings), settings.UpdatedAt);
}
