using Mudbase.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMudbase();

var app = builder.Build();
app.UseMudbase();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
