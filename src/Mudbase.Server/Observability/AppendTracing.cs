using System.Diagnostics;

namespace Mudbase.Server.Observability;

/// <summary>
/// Spans of the append pipeline: each request waits in <c>mudbase.append</c> while the single writer commits a batch
/// in <c>mudbase.append.commit</c>, which links every request it served (a batch has many parents, not one).
/// </summary>
internal static class AppendTracing
{
    public static Activity? StartAppend(int events) =>
        MudbaseInstruments.Activities.StartActivity("mudbase.append")?.SetTag("mudbase.append.events", events);

    public static Activity? StartCommit(IEnumerable<ActivityContext> callers)
    {
        if (!MudbaseInstruments.Activities.HasListeners())
            return null;
        var links = callers.Where(c => c != default).Select(c => new ActivityLink(c)).ToList();
        return MudbaseInstruments.Activities.StartActivity("mudbase.append.commit", ActivityKind.Internal, default(ActivityContext), links: links)
            ?.SetTag("mudbase.append.requests", links.Count);
    }

    public static void Failed(Activity? activity, int events, Exception failure)
    {
        MudbaseInstruments.AppendFailed(events);
        activity?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
    }
}
