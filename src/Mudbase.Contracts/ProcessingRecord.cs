namespace Mudbase.Contracts;

/// <summary>Who to contact: a controller, representative or data protection officer.</summary>
/// <param name="Name">Name of the person or entity.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Address">Postal address.</param>
/// <param name="Phone">Telephone number.</param>
public sealed record ContactDetails(string? Name = null, string? Email = null, string? Address = null, string? Phone = null);

/// <summary>
/// The parts of the Article 30 record an organisation states itself (<c>GET/PUT /api/compliance/processing-profile</c>).
/// Absent parts fall back to what Mudbase itself does.
/// </summary>
/// <param name="Controller">The controller (Art. 30(1)(a)).</param>
/// <param name="DataProtectionOfficer">The DPO (Art. 30(1)(a)).</param>
/// <param name="Representative">The controller's representative in the EU, if any.</param>
/// <param name="Purposes">Purposes of the processing (Art. 30(1)(b)).</param>
/// <param name="LegalBasis">Legal basis under Art. 6.</param>
/// <param name="DataSubjectCategories">Categories of data subjects (Art. 30(1)(c)).</param>
/// <param name="Recipients">Recipients the organisation discloses the data to (Art. 30(1)(d)).</param>
/// <param name="Transfers">Transfers to third countries and their safeguards (Art. 30(1)(e)).</param>
public sealed record ProcessingProfile(
    ContactDetails? Controller = null, ContactDetails? DataProtectionOfficer = null, ContactDetails? Representative = null,
    IReadOnlyList<string>? Purposes = null, string? LegalBasis = null, IReadOnlyList<string>? DataSubjectCategories = null,
    IReadOnlyList<string>? Recipients = null, IReadOnlyList<string>? Transfers = null);

/// <summary>Answer of <c>GET/PUT /api/compliance/processing-profile</c>.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Profile">The stored profile (empty parts absent).</param>
public sealed record ProcessingProfileResponse(bool Success, ProcessingProfile Profile);

/// <summary>Body of <c>POST /api/compliance/data-processing-record</c>.</summary>
/// <param name="OrgId">Your organisation (optional; another one is a 404).</param>
/// <param name="RecordDate">The date the record is made for; now when absent.</param>
public sealed record DataProcessingRecordRequest(string? OrgId = null, DateTimeOffset? RecordDate = null);

/// <summary>Answer of <c>POST /api/compliance/data-processing-record</c>, under both names the official API uses.</summary>
/// <param name="Success">Always <c>true</c>.</param>
/// <param name="Message">What happened.</param>
/// <param name="Record">The record.</param>
/// <param name="Data">The same record.</param>
public sealed record DataProcessingRecordResponse(bool Success, string Message, DataProcessingRecord Record, DataProcessingRecord Data);

/// <summary>A GDPR Article 30(1) record of processing activities, computed from what the server holds.</summary>
/// <param name="OrgId">The organisation.</param>
/// <param name="RecordDate">The date of the record.</param>
/// <param name="DataController">Controller contact (Art. 30(1)(a)).</param>
/// <param name="DataProtectionOfficer">DPO contact.</param>
/// <param name="Representative">Representative, if any.</param>
/// <param name="ProcessingActivities">Each processing activity with its Art. 30(1)(b)–(g) fields.</param>
/// <param name="DataSubjects">Categories of data subjects over all activities.</param>
/// <param name="SecurityMeasures">Technical and organisational measures (Art. 30(1)(g)), each as in force now.</param>
/// <param name="GeneratedAt">When the record was computed.</param>
public sealed record DataProcessingRecord(
    string OrgId, DateTimeOffset RecordDate, ContactDetails DataController, ContactDetails? DataProtectionOfficer,
    ContactDetails? Representative, IReadOnlyList<ProcessingActivity> ProcessingActivities, IReadOnlyList<string> DataSubjects,
    IReadOnlyList<SecurityMeasure> SecurityMeasures, DateTimeOffset GeneratedAt);

/// <summary>One processing activity.</summary>
/// <param name="Name">What the processing is.</param>
/// <param name="Purposes">Why.</param>
/// <param name="LegalBasis">Art. 6 basis.</param>
/// <param name="DataSubjectCategories">Whose data.</param>
/// <param name="PersonalDataCategories">Which data; for logged events derived from the detail keys the events actually carry.</param>
/// <param name="Recipients">Who receives it.</param>
/// <param name="Transfers">Third-country transfers.</param>
/// <param name="Retention">How long it is kept.</param>
public sealed record ProcessingActivity(
    string Name, IReadOnlyList<string> Purposes, string LegalBasis, IReadOnlyList<string> DataSubjectCategories,
    IReadOnlyList<PersonalDataCategory> PersonalDataCategories, IReadOnlyList<string> Recipients, IReadOnlyList<string> Transfers,
    RetentionStatement Retention);

/// <summary>A category of personal data and the evidence for it.</summary>
/// <param name="Category">The category.</param>
/// <param name="Field">The event detail key or account field it comes from.</param>
/// <param name="Events">How many events carry the key (absent for account fields).</param>
/// <param name="FirstSeen">Earliest event carrying it.</param>
/// <param name="LastSeen">Latest event carrying it.</param>
public sealed record PersonalDataCategory(string Category, string Field, long? Events = null, DateTimeOffset? FirstSeen = null, DateTimeOffset? LastSeen = null);

/// <summary>How long data is kept.</summary>
/// <param name="Policy"><c>indefinite</c> or <c>days</c>.</param>
/// <param name="Days">The period, when <paramref name="Policy"/> is <c>days</c>.</param>
/// <param name="Description">In words, including how erasure works.</param>
public sealed record RetentionStatement(string Policy, int? Days, string Description);

/// <summary>A technical or organisational measure.</summary>
/// <param name="Measure">What it is.</param>
/// <param name="InForce">Whether it is in force for this organisation now.</param>
/// <param name="Detail">How.</param>
public sealed record SecurityMeasure(string Measure, bool InForce, string Detail);
