using Mudbase.Cli;

return await MudbaseCli.RunAsync(args, Console.Out, Console.Error, CliEnvironment.FromConsole());
