using System.Diagnostics;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>Runs a program to its end as a test starts one: its exit code, output and errors; killed past the timeout.</summary>
internal static class Processes
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using Process process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}:\n{await output}{await error}");
        }
        return (process.ExitCode, await output, await error);
    }
}
