using Mudbase.Server.Hosting;
using Mudbase.Server.Operations.Admin;

if (AdminCommandLine.IsAdmin(args))
    return await AdminCommandLine.RunAsync(args[1..], Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrlUnlessConfigured();
builder.AddMudbase();

var app = builder.Build();
app.UseMudbase();
return Listening.Run(app);

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
