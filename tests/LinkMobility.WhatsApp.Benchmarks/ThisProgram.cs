using System.Diagnostics;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>This benchmark program, started again as a child process: a server, a fresh run, another GC.</summary>
internal static class ThisProgram
{
    /// <summary>How to start it with <paramref name="args"/>: as its own executable, or under dotnet when it runs as a .dll.</summary>
    public static ProcessStartInfo Again(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ThisProgram).Assembly.Location);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return start;
    }
}
