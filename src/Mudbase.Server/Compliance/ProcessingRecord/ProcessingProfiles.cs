using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance.ProcessingRecord;

/// <summary>The organisation-editable parts of the Article 30 record, stored as JSON; every change is a ledger event.</summary>
internal sealed class ProcessingProfiles(IOrgPolicyStore policies, SecurityEventRecorder recorder)
{
    public const string UpdatedEvent = "processing_profile_updated";

    public async Task<ProcessingProfile> GetAsync(string orgId, CancellationToken cancellationToken) =>
        (await policies.GetPolicyAsync(orgId, cancellationToken)).ProcessingProfileJson is { } json
            ? JsonSerializer.Deserialize(json, MudbaseJsonContext.Default.ProcessingProfile) ?? new ProcessingProfile()
            : new ProcessingProfile();

    public async Task SetAsync(Caller caller, ProcessingProfile profile, string? sourceIp, CancellationToken cancellationToken)
    {
        await policies.SetProcessingProfileAsync(caller.OrgId,
            JsonSerializer.Serialize(profile, MudbaseJsonContext.Default.ProcessingProfile), cancellationToken);
        await recorder.RecordAsync(caller.OrgId, UpdatedEvent, Severities.Low, sourceIp, cancellationToken,
            ("action", "processing_profile_updated"), ("changedBy", caller.Id),
            ("reason", "the controller's part of the Article 30 record was changed"));
    }
}
