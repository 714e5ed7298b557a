using System.Globalization;
using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.AccessReview;

/// <summary>Reads <c>reviewPeriod {start, end}</c> and the optional <c>orgId</c> of a compliance report request.</summary>
internal static class ReviewPeriodInput
{
    public const int MaxDays = 400;

    public static ReviewPeriod? Parse(JsonFields fields)
    {
        if (fields.Optional("reviewPeriod") is not { } period)
        {
            fields.Add("reviewPeriod", "is required");
            return null;
        }
        if (period.ValueKind != JsonValueKind.Object)
        {
            fields.Add("reviewPeriod", "must be an object with start and end");
            return null;
        }
        var inner = new JsonFields(period, "reviewPeriod.");
        var start = Instant(inner, "start");
        var end = Instant(inner, "end");
        foreach (var (field, message) in inner.Errors)
            fields.Add(field, message);
        if (start is null || end is null)
            return null;
        if (end <= start)
            fields.Add("reviewPeriod.end", "must be after reviewPeriod.start");
        else if (end - start > TimeSpan.FromDays(MaxDays))
            fields.Add("reviewPeriod", $"must span at most {MaxDays} days");
        else
            return new ReviewPeriod(start.Value, end.Value);
        return null;
    }

    /// <summary>A required ISO 8601 date-time with an offset (the official examples use <c>2024-10-01 00:00:00+00:00</c>).</summary>
    public static DateTimeOffset? Instant(JsonFields fields, string name)
    {
        var text = fields.RequiredString(name, 64);
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            && value.Year is >= 2000 and <= 9000)
            return value;
        fields.Add(name, "must be an ISO 8601 date-time");
        return null;
    }

    /// <summary>Null when <c>orgId</c> is absent or the caller's; otherwise the 404 for an organisation the caller cannot see.</summary>
    public static ApiProblem? CheckOrg(JsonFields fields, string callerOrgId)
    {
        var orgId = fields.OptionalString("orgId", 128);
        return orgId is null || orgId == callerOrgId ? null : ApiProblem.NotFound("Organisation not found");
    }
}
