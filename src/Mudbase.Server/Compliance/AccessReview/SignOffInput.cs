using System.Text.Json;
using Mudbase.Contracts;
using Mudbase.Server.Http;

namespace Mudbase.Server.Compliance.AccessReview;

/// <summary>Reads the <c>decisions</c> of an access review sign-off.</summary>
internal static class SignOffInput
{
    public const int MaxDecisions = 1000;
    public const string Keep = "keep";
    public const string Revoke = "revoke";

    public static List<AccessReviewDecision>? ParseDecisions(JsonFields fields)
    {
        if (fields.Optional("decisions") is not { } array)
            return [];
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > MaxDecisions)
        {
            fields.Add("decisions", $"must be an array of at most {MaxDecisions} decisions");
            return null;
        }
        var decisions = new List<AccessReviewDecision>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var prefix = $"decisions[{index++}].";
            var inner = new JsonFields(item, prefix);
            if (!inner.IsObject)
            {
                fields.Add(prefix.TrimEnd('.'), "must be an object with findingId and decision");
                continue;
            }
            var id = inner.RequiredString("findingId", 300);
            var decision = inner.RequiredString("decision", 16);
            var note = inner.OptionalString("note", 500);
            if (decision is not null and not (Keep or Revoke))
                inner.Add("decision", "must be keep or revoke");
            if (id is not null && decisions.Any(d => d.FindingId == id))
                inner.Add("findingId", "is decided twice");
            foreach (var (field, message) in inner.Errors)
                fields.Add(field, message);
            if (inner.Errors.Count == 0)
                decisions.Add(new AccessReviewDecision(id!, decision!, note));
        }
        return fields.Errors.Count == 0 ? decisions : null;
    }
}
