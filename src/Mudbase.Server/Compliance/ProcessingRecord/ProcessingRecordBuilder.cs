using Microsoft.Extensions.Options;
using Mudbase.Contracts;
using Mudbase.Server.Auth;
using Mudbase.Server.Storage;

namespace Mudbase.Server.Compliance.ProcessingRecord;

/// <summary>Computes the Article 30(1) record from the organisation's profile, its events, members, keys and the deployment.</summary>
internal sealed class ProcessingRecordBuilder(
    ProcessingProfiles profiles, IOrgPolicyStore policies, IAccessStore access, IStrongAuthStore strongAuth, DataRetention retention,
    IOptions<ComplianceOptions> options, TimeProvider time)
{
    private static readonly string[] DefaultPurposes =
        ["Security monitoring and incident investigation", "Evidence of controls for audits (SOC 2, GDPR accountability)"];

    private const string DefaultLegalBasis = "Art. 6(1)(f) legitimate interests (security of systems and data); Art. 6(1)(c) where a law requires logging";

    public async Task<DataProcessingRecord> BuildAsync(string orgId, DateTimeOffset? recordDate, bool tls, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var profile = await profiles.GetAsync(orgId, cancellationToken);
        var keysUsed = await policies.DetailKeyUsageAsync(orgId, cancellationToken);
        var members = await access.ListMembersAsync(orgId, cancellationToken);
        var apiKeys = await access.ListApiKeysAsync(orgId, cancellationToken);
        var withMfa = await strongAuth.MfaEnabledMembersAsync(orgId, cancellationToken);
        var policy = await policies.GetPolicyAsync(orgId, cancellationToken);
        var kept = await retention.DescribeAsync(orgId, cancellationToken);

        var recipients = (profile.Recipients ?? []).Concat(SystemRecipients(members, apiKeys, now)).ToList();
        var transfers = profile.Transfers ?? ["None stated by the controller"];
        var eventSubjects = profile.DataSubjectCategories ?? ["Users and other people named in logged security events"];
        var activities = new List<ProcessingActivity>
        {
            new("Security event logging", profile.Purposes ?? DefaultPurposes, profile.LegalBasis ?? DefaultLegalBasis, eventSubjects,
                keysUsed.Select(PersonalDataCategories.Of).ToList(), recipients, transfers, kept),
            new("Account and access management", ["Authenticating members and controlling their access"],
                "Art. 6(1)(b) contract / 6(1)(f) legitimate interests", [$"Members of the organisation ({members.Count})"],
                PersonalDataCategories.AccountFields, ["Owners and admins of the organisation"], transfers, kept),
        };
        return new DataProcessingRecord(orgId, recordDate ?? now, profile.Controller ?? new ContactDetails(),
            profile.DataProtectionOfficer, profile.Representative, activities,
            eventSubjects.Append($"Members of the organisation ({members.Count})").ToList(),
            Measures(members.Count, withMfa.Count(id => members.Any(m => m.UserId == id)), policy.RequireMfaForRoles, tls), now);
    }

    private static IEnumerable<string> SystemRecipients(IReadOnlyList<MemberRecord> members, IReadOnlyList<ApiKeyRecord> keys, DateTimeOffset now)
    {
        var readers = members.Count(m => Roles.ComplianceReaders.Contains(m.Role));
        yield return $"Members with owner, admin or auditor roles ({readers}), who read and export events (CSV, JSON Lines, OCSF, evidence bundles)";
        var readKeys = keys.Count(k => k.Scopes.Contains(ApiKeyScopes.EventsRead) && (k.ExpiresAt is null || k.ExpiresAt > now));
        if (readKeys > 0)
            yield return $"Services holding an active API key with events:read ({readKeys})";
    }

    private List<SecurityMeasure> Measures(int members, int withMfa, IReadOnlyList<string> requiredRoles, bool tls) =>
    [
        new("Tamper-evident log", true, "Every event is a leaf of an RFC 9162 Merkle log with Ed25519-signed checkpoints, verifiable offline"),
        new("Erasable personal data", true, "Detail values sit behind salted SHA-256 commitments; erasure removes values without breaking proofs"),
        new("Password hashing", true, $"PBKDF2-HMAC-SHA256, {PasswordHasher.Iterations:N0} iterations, per-password salt"),
        new("Two-factor sign-in", withMfa > 0 || requiredRoles.Count > 0,
            $"TOTP; {withMfa} of {members} members enabled ({(members == 0 ? 0 : 100.0 * withMfa / members):0.#}%); required for roles: " +
            (requiredRoles.Count == 0 ? "none" : string.Join(", ", requiredRoles))),
        new("Role-based access control", true, "Owner, admin, auditor, member, viewer per organisation; API keys scoped and stored hashed"),
        new("Encryption at rest", options.Value.EncryptionAtRest,
            options.Value.EncryptionAtRest ? "Declared by the operator (Mudbase:Compliance:EncryptionAtRest)" : "Not declared by the operator"),
        new("Encryption in transit (TLS)", tls, tls ? "This request reached the server over HTTPS" : "This request did not use HTTPS"),
    ];
}
