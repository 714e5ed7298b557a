using Microsoft.AspNetCore.Diagnostics;
using Mudbase.Server.Http;
using Mudbase.Server.Observability;
using Mudbase.Server.Storage;
using Mudbase.Server.Storage.Sqlite;
using Mudbase.Server.TransparencyLog;

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
            StatusCodeSelector = exception => Map(exception, null).StatusCode,
            // A client that hung up or sent a malformed request is answered (or not) without an error log line.
            SuppressDiagnosticsCallback = c => c.HttpContext.RequestAborted.IsCancellationRequested || c.Exception is BadHttpRequestException,
            ExceptionHandler = async context =>
            {
                // A client that went away mid-request has nobody left to read an answer.
                if (context.RequestAborted.IsCancellationRequested)
                    return;
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var problem = Map(exception, context.Request);
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Mudbase.Errors");
                if (exception is LedgerIntegrityException integrity)
                {
                    MudbaseInstruments.IntegrityFailed();
                    LogIntegrity(logger, context.Request.Method, context.Request.Path, integrity.Message, integrity);
                }
                else if (problem.StatusCode >= 500)
                {
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

    /// <summary>
    /// The one place where storage failures become answers: endpoints and services let them propagate. A tampered
    /// store is told apart from an unreachable one.
    /// </summary>
    private static ApiProblem Map(Exception? exception, HttpRequest? request) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiProblem.ForStatus(StatusCodes.Status413PayloadTooLarge),
        BadHttpRequestException bad => ApiProblem.ForStatus(bad.StatusCode),
        LedgerIntegrityException => ApiProblem.LedgerIntegrity(),
        StorageUnavailableException when request is not null && HttpMethods.IsGet(request.Method) => ApiProblem.Unavailable("Storage is unavailable; try again"),
        StorageUnavailableException => ApiProblem.Unavailable(),
        // Every write path (sign-in, refresh, register, keys, invites, members) lands here when storage fails:
        // a full disk, a read-only or locked file is the service being unavailable, not a bug.
        Microsoft.Data.Sqlite.SqliteException sqlite when SqliteFailures.IsUnavailable(sqlite) => ApiProblem.Unavailable("Storage is unavailable; nothing was changed"),
        IOException => ApiProblem.Unavailable("Storage is unavailable; nothing was changed"),
        _ => ApiProblem.Internal(),
    };

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "LEDGER INTEGRITY FAILURE on {Method} {Path}: {Problem}. The stored log contradicts its signed checkpoints; run `mudbase verify` on an export and restore from backup")]
    private static partial void LogIntegrity(ILogger logger, string method, PathString path, string problem, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, PathString path, Exception? exception);
}
