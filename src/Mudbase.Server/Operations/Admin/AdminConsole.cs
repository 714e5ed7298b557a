namespace Mudbase.Server.Operations.Admin;

/// <summary>Where an administration command writes.</summary>
/// <param name="Out">Results.</param>
/// <param name="Error">Errors and usage problems.</param>
internal sealed record AdminConsole(TextWriter Out, TextWriter Error);
