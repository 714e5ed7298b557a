namespace Mudbase.Server.Health;

/// <summary>Requests this process answered since it started: counted after each response, three interlocked adds.</summary>
internal sealed class RequestCounters
{
    private long total;
    private long successful;
    private long errors;

    public long Total => Interlocked.Read(ref total);
    /// <summary>Answered below 400.</summary>
    public long Successful => Interlocked.Read(ref successful);
    /// <summary>Answered 500 or above: the server's failures, not the callers'.</summary>
    public long Errors => Interlocked.Read(ref errors);

    public void Record(int status)
    {
        Interlocked.Increment(ref total);
        if (status < 400)
            Interlocked.Increment(ref successful);
        else if (status >= 500)
            Interlocked.Increment(ref errors);
    }

    public static IApplicationBuilder UseRequestCounters(IApplicationBuilder app)
    {
        var counters = app.ApplicationServices.GetRequiredService<RequestCounters>();
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            finally
            {
                counters.Record(context.Response.StatusCode);
            }
        });
    }
}
