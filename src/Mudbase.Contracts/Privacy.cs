using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mudbase.Contracts;

/// <summary>Body of <c>POST /api/gdpr/erase</c> and <c>POST /api/users/me/erase</c>.</summary>
/// <param name="Confirm">Must be <c>DELETE</c>.</param>
/// <param name="CurrentPassword">The account's current password (step-up re-authentication).</param>
/// <param name="TotpToken">A fresh TOTP code when the account has two-factor authentication on.</param>
public sealed record EraseAccountRequest(string Confirm, string? CurrentPassword = null, string? TotpToken = null);

/// <summary>Answer of the account erasure endpoints.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">What happened.</param>
/// <param name="Data">The outcome.</param>
public sealed record EraseAccountResponse(bool Success, string Message, EraseAccountData Data);

/// <summary>Outcome of an account erasure.</summary>
/// <param name="AlreadyErased">True when the account had been erased before this request.</param>
/// <param name="SubjectId">The account's user id.</param>
/// <param name="Anonymized">The account's personal fields are anonymised.</param>
/// <param name="SessionsRevoked">Every refresh token and API key of the account is revoked.</param>
/// <param name="EventsErased">Events whose details about the account were erased.</param>
/// <param name="DetailsErased">Detail values erased.</param>
/// <param name="HeldBack">Events a legal hold kept, with the hold and its reason.</param>
public sealed record EraseAccountData(
    bool AlreadyErased, string SubjectId, bool Anonymized, bool SessionsRevoked, long EventsErased, long DetailsErased,
    IReadOnlyList<HeldBackView> HeldBack);

/// <summary>Body of <c>POST /api/compliance/subjects/{userId}/erase</c>.</summary>
/// <param name="Confirm">Must be <c>DELETE</c> unless <paramref name="DryRun"/> is true.</param>
/// <param name="DryRun">Report what would be erased without erasing anything.</param>
public sealed record EraseSubjectRequest(string? Confirm = null, bool DryRun = false);

/// <summary>Answer of <c>POST /api/compliance/subjects/{userId}/erase</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">What happened.</param>
/// <param name="Data">The outcome.</param>
public sealed record EraseSubjectResponse(bool Success, string Message, SubjectErasureView Data);

/// <summary>What a subject erasure did, or in a dry run would do.</summary>
/// <param name="DryRun">True when nothing was changed.</param>
/// <param name="SubjectHash">Keyed hash of the subject id, as in the receipt event; never the id itself.</param>
/// <param name="EventsMatched">Events whose <c>details.userId</c> is the subject.</param>
/// <param name="EventsErased">Events whose personal details were (or would be) erased.</param>
/// <param name="DetailsErased">Detail values erased.</param>
/// <param name="ErasedKeys">The detail keys erased in this organisation.</param>
/// <param name="HeldBack">Events a legal hold kept, with the hold and its reason (GDPR Art. 17(3)(e)).</param>
/// <param name="ErasureId">Identifier of the erasure record; absent when nothing was erased.</param>
/// <param name="ReceiptEventId">The <c>data_erasure_completed</c> event in the ledger; absent when nothing was erased.</param>
public sealed record SubjectErasureView(
    bool DryRun, string SubjectHash, long EventsMatched, long EventsErased, long DetailsErased, IReadOnlyList<string> ErasedKeys,
    IReadOnlyList<HeldBackView> HeldBack, string? ErasureId, string? ReceiptEventId);

/// <summary>An event whose details a legal hold kept from erasure.</summary>
/// <param name="EventId">The event.</param>
/// <param name="HoldId">The hold that covers it.</param>
/// <param name="Reason">The hold's reason.</param>
public sealed record HeldBackView(string EventId, string HoldId, string Reason);

/// <summary>The JSON attachment of <c>GET /api/compliance/subjects/{userId}/export</c>.</summary>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="OrgId">The organisation the events belong to.</param>
/// <param name="Events">Every event whose <c>details.userId</c> is the subject, oldest first.</param>
/// <param name="Truncated">True when there were more events than one export carries.</param>
public sealed record SubjectExport(DateTimeOffset ExportedAt, string SubjectId, string OrgId, IReadOnlyList<SecurityEventView> Events, bool Truncated);

/// <summary>The JSON attachment of <c>GET /api/gdpr/export</c> and <c>GET /api/users/me/export</c>.</summary>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="User">The account.</param>
/// <param name="Projects">Always empty: this deployment has no projects.</param>
/// <param name="Wallets">Always empty.</param>
/// <param name="Transactions">Always empty.</param>
/// <param name="Files">Always empty.</param>
/// <param name="Integrations">Always empty.</param>
/// <param name="ApiKeys">API keys the user created, without secrets or their hashes.</param>
/// <param name="Memberships">Organisations and roles.</param>
/// <param name="Sessions">Sign-in sessions (refresh-token families), without tokens.</param>
/// <param name="Events">Events in the user's organisations in which the user is the actor or <c>details.userId</c>.</param>
/// <param name="EventsTruncated">True when there were more events than one export carries.</param>
public sealed record AccountExport(
    DateTimeOffset ExportedAt, ExportedUser User, IReadOnlyList<JsonElement> Projects, IReadOnlyList<JsonElement> Wallets,
    IReadOnlyList<JsonElement> Transactions, IReadOnlyList<JsonElement> Files, IReadOnlyList<JsonElement> Integrations,
    IReadOnlyList<ExportedApiKey> ApiKeys, IReadOnlyList<ExportedMembership> Memberships, IReadOnlyList<ExportedSession> Sessions,
    IReadOnlyList<SecurityEventView> Events, bool EventsTruncated);

/// <summary>The account in an export.</summary>
/// <param name="Id">User id (<c>usr_…</c>), as <c>_id</c> in the official shape.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="FirstName">Given name.</param>
/// <param name="LastName">Family name.</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record ExportedUser(
    [property: JsonPropertyName("_id")] string Id, string Email, string FirstName, string LastName, DateTimeOffset CreatedAt);

/// <summary>An API key in an account export.</summary>
/// <param name="Id">Key id.</param>
/// <param name="OrgId">Organisation.</param>
/// <param name="Name">Name.</param>
/// <param name="Prefix">The key's visible prefix.</param>
/// <param name="Scopes">Scopes.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="RevokedAt">Revocation time, if revoked.</param>
public sealed record ExportedApiKey(
    string Id, string OrgId, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A membership in an account export.</summary>
/// <param name="OrgId">Organisation.</param>
/// <param name="Role">Role.</param>
public sealed record ExportedMembership(string OrgId, string Role);

/// <summary>A sign-in session in an account export.</summary>
/// <param name="SessionId">The refresh-token family.</param>
/// <param name="OrgId">Organisation signed in to.</param>
/// <param name="ExpiresAt">When its newest refresh token expires.</param>
/// <param name="Revoked">True when revoked.</param>
/// <param name="Refreshes">Refresh tokens issued in the session.</param>
public sealed record ExportedSession(string SessionId, string OrgId, DateTimeOffset ExpiresAt, bool Revoked, int Refreshes);

/// <summary>Body of <c>PUT /api/compliance/retention</c>.</summary>
/// <param name="RetentionDays">Days after which detail values are erased; null keeps them.</param>
/// <param name="PersonalKeys">Detail keys besides userId, ipAddress and userAgent that identify a subject in this organisation.</param>
public sealed record RetentionPolicyRequest(int? RetentionDays, IReadOnlyList<string>? PersonalKeys = null);

/// <summary>Answer of <c>GET/PUT /api/compliance/retention</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Retention">The policy.</param>
public sealed record RetentionPolicyResponse(bool Success, RetentionPolicyView Retention);

/// <summary>An organisation's retention policy and personal detail keys.</summary>
/// <param name="RetentionDays">Days after which detail values are erased; null keeps them.</param>
/// <param name="MinDays">Smallest accepted period.</param>
/// <param name="MaxDays">Largest accepted period.</param>
/// <param name="PersonalKeys">Every detail key erased with a subject, built-in ones first.</param>
/// <param name="UpdatedAt">When the policy last changed.</param>
public sealed record RetentionPolicyView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? RetentionDays, int MinDays, int MaxDays, IReadOnlyList<string> PersonalKeys, DateTimeOffset UpdatedAt);

/// <summary>Body of <c>POST /api/compliance/legal-holds</c>: a subject, a time range, or both.</summary>
/// <param name="SubjectId">The <c>details.userId</c> the hold covers; null covers every subject.</param>
/// <param name="From">Start of the covered recording times (inclusive); null is open.</param>
/// <param name="To">End of the covered recording times (exclusive); null is open.</param>
/// <param name="Reason">Why the data must be kept (e.g. the litigation or the legal obligation).</param>
public sealed record CreateLegalHoldRequest(string Reason, string? SubjectId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>A legal hold.</summary>
/// <param name="Id">Identifier (<c>hld_…</c>).</param>
/// <param name="SubjectId">The subject covered; null covers every subject.</param>
/// <param name="From">Start of the covered range.</param>
/// <param name="To">End of the covered range.</param>
/// <param name="Reason">Why.</param>
/// <param name="CreatedBy">Who placed it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="ReleasedAt">When it was released; null while active.</param>
/// <param name="ReleasedBy">Who released it.</param>
/// <param name="EventId">The ledger event of this change (placed or released).</param>
public sealed record LegalHoldView(
    string Id, string? SubjectId, DateTimeOffset? From, DateTimeOffset? To, string Reason, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ReleasedAt, string? ReleasedBy, string? EventId = null);

/// <summary>Answer of placing or releasing a hold.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Hold">The hold.</param>
public sealed record LegalHoldResponse(bool Success, LegalHoldView Hold);

/// <summary>Answer of <c>GET /api/compliance/legal-holds</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Holds">Every hold, newest first.</param>
public sealed record LegalHoldsResponse(bool Success, IReadOnlyList<LegalHoldView> Holds);

/// <summary>Answer of <c>GET /api/compliance/erasures</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Erasures">The latest erasures, newest first.</param>
public sealed record ErasuresResponse(bool Success, IReadOnlyList<ErasureView> Erasures);

/// <summary>The record of one erasure: no personal data.</summary>
/// <param name="Id">Identifier (<c>era_…</c>).</param>
/// <param name="Scope"><c>subject</c>, <c>account</c> or <c>retention</c>.</param>
/// <param name="SubjectHash">Keyed hash of the subject; absent for retention.</param>
/// <param name="RequestedBy">Who asked (a user id, or <c>system</c> for retention).</param>
/// <param name="ErasedAt">When.</param>
/// <param name="Events">Events touched.</param>
/// <param name="Details">Detail values erased.</param>
/// <param name="HeldBack">Events a legal hold kept.</param>
/// <param name="ReceiptEventId">The receipt event in the ledger.</param>
public sealed record ErasureView(
    string Id, string Scope, string? SubjectHash, string RequestedBy, DateTimeOffset ErasedAt, long Events, long Details, long HeldBack,
    string? ReceiptEventId);
