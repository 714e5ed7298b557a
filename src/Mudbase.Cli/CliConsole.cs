using Spectre.Console;

namespace Mudbase.Cli;

/// <summary>Spectre consoles over the tool's writers.</summary>
internal static class CliConsole
{
    /// <summary>A console that draws colour and live widgets only for a terminal, and never wraps lines elsewhere.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!isTerminal)
        {
            // Piped output is read by scripts: a failure reason must stay on its one line.
            console.Profile.Width = 1000;
        }

        return console;
    }
}
