using System.Net.Http.Headers;
using Mudbase.Bench.LoadDriver;

// Load driver for bench/batch and bench/query: posts pre-built 1000-event batches, seeds a log, and times the
// query shapes. Every loop is bounded by a count and a deadline, and it only ever talks to the --url it is given.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: LoadDriver batch|seed|query|stream --url URL --token JWT [options]");
    return 2;
}

var options = new Options(args);
var url = new Uri(options.Require("url"));
if (!url.IsLoopback)
{
    Console.Error.WriteLine("refusing a non-loopback --url");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 256,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
})
{
    BaseAddress = url,
    Timeout = TimeSpan.FromSeconds(60),
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Require("token"));

return args[0] switch
{
    "batch" => await BatchLoad.RunAsync(http, options),
    "seed" => await BatchLoad.SeedAsync(http, options),
    "query" => await QueryLoad.RunAsync(http, options),
    "stream" => await StreamLoad.RunAsync(http, options),
    _ => 2,
};
