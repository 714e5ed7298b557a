using Microsoft.AspNetCore.Diagnostics;
using Mudbase.Server.Http;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Sqlite;

namespace Mudbase.Server.Hosting;

/// <summary>Every failure, including the framework's own 404/405/413, answers with the Mudbase problem body.</summary>
internal static partial class ErrorHandling
{
    public static void UseMudbaseErrors(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
            await next(context);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => Map(exception).StatusCode,
            ExceptionHandler = async context =>
            {
                // A client that went away mid-request has nobody left to read an answer.
                if (context.RequestAborted.IsCancellationRequested)
                    return;
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var problem = Map(exception);
                if (problem.StatusCode >= 500)
                {
                    var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mudbase.Errors");
                    LogUnhandled(logger, context.Request.Path, exception);
                }
                await problem.ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            if (context.Response.HasStarted || context.Response.ContentLength > 0 || context.Response.ContentType is not null)
                return;
            await ApiProblem.ForStatus(context.Response.StatusCode).ExecuteAsync(context);
        });
    }

    private static ApiProblem Map(Exception? exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiProblem.ForStatus(StatusCodes.Status413PayloadTooLarge),
        BadHttpRequestException bad => ApiProblem.ForStatus(bad.StatusCode),
        StorageUnavailableException => ApiProblem.Unavailable(),
        // Every write path (sign-in, refresh, register, keys, invites, members) lands here when storage fails:
        // a full disk, a read-only or locked file is the service being unavailable, not a bug.
        Microsoft.Data.Sqlite.SqliteException sqlite when SqliteFailures.IsUnavailable(sqlite) => ApiProblem.Unavailable("Storage is unavailable; nothing was changed"),
        IOException => ApiProblem.Unavailable("Storage is unavailable; nothing was changed"),
        _ => ApiProblem.Internal(),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, PathString path, Exception? exception);
}
