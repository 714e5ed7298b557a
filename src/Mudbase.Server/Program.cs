using Mudbase.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrlUnlessConfigured();
builder.AddMudbase();

var app = builder.Build();
app.UseMudbase();
return Listening.Run(app);

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
