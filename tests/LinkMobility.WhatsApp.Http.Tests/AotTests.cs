#if NET10_0_OR_GREATER
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LinkMobility.WhatsApp.Sandbox;
using Xunit;
using Xunit.Abstractions;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>
/// A consumer app (tests/AotApp) published with Native AOT sends through the client to the sandbox and receives its
/// event report through the callback endpoint; its size and start-up are printed beside the JIT build's.
/// Needs clang and zlib1g-dev (.ci/run installs them): without them it is skipped, saying why (<see cref="AotFactAttribute"/>).
/// </summary>
public class AotTests(ITestOutputHelper output)
{
    [AotFact]
    public async Task A_native_AOT_app_sends_to_the_sandbox_and_receives_the_delivery_report()
    {
        string project = Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "tests", "AotApp");
        string published = Path.Combine(Path.GetTempPath(), $"linkwa-aot-{Guid.NewGuid():N}");
        try
        {
            var (exit, log) = await LinkMobility.WhatsApp.Testing.Repository.ExclusivelyAsync(() =>
                RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", published, "-p:TreatWarningsAsErrors=true"], TimeSpan.FromMinutes(15)));
            Assert.True(exit == 0, "publish failed:\n" + log);
            Assert.DoesNotMatch(@"warning IL\d+", log);   // no trim or AOT warning anywhere
            string native = Path.Combine(published, "AotApp");
            string jit = Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "AotApp.dll");

            double aotReady = await RunAgainstSandboxAsync(native, []);
            double jitReady = await RunAgainstSandboxAsync("dotnet", [jit]);
            long aotBytes = new FileInfo(native).Length;
            // The JIT build's own assemblies: those the installed .NET and ASP.NET Core runtimes do not provide.
            string netcore = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            string aspnetcore = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
            long jitBytes = Directory.GetFiles(Path.GetDirectoryName(jit)!, "*.dll")
                .Where(f => !File.Exists(Path.Combine(netcore, Path.GetFileName(f))) && !File.Exists(Path.Combine(aspnetcore, Path.GetFileName(f))))
                .Sum(f => new FileInfo(f).Length);
            output.WriteLine($"native AOT: {aotBytes / 1e6:0.0} MB executable, ready in {aotReady:0} ms");
            output.WriteLine($"JIT: {jitBytes / 1e6:0.0} MB of its own assemblies (plus the installed .NET and ASP.NET Core runtimes), ready in {jitReady:0} ms");
        }
        finally
        {
            if (Directory.Exists(published)) Directory.Delete(published, recursive: true);
        }
    }

    /// <summary>Runs the app against a fresh sandbox whose gate-1 is the app's callback endpoint; returns its start-up time (ms).</summary>
    private async Task<double> RunAgainstSandboxAsync(string program, string[] arguments)
    {
        int port = FreePort();
        var options = new LinkSandboxOptions();
        options.Gates["gate-1"] = new Uri($"http://127.0.0.1:{port}/callbacks");
        await using LinkSandbox sandbox = await LinkSandbox.StartAsync(options);
        var (exit, log) = await RunAsync(program, [.. arguments, sandbox.BaseUrl.ToString(), port.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));
        output.WriteLine(log);
        Assert.True(exit == 0, $"{program} exited {exit}:\n{log}");
        Match sent = Regex.Match(log, @"^sent (\S+)$", RegexOptions.Multiline);
        Assert.True(sent.Success, log);
        Assert.Matches($@"(?m)^delivered {Regex.Escape(sent.Groups[1].Value)} {ResultCodes.Delivered} Success$", log);
        return double.Parse(Regex.Match(log, @"^ready (\d+) ms$", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(int Exit, string Log)> RunAsync(string program, string[] arguments, TimeSpan timeout)
    {
        var (exit, output, error) = await LinkMobility.WhatsApp.Testing.Repository.ExecuteAsync(program, arguments, timeout);
        return (exit, output + error);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>
/// A test that publishes with Native AOT, whose compiler links with clang against zlib. Without them it is skipped,
/// saying why, unless LINKWA_REQUIRE_AOT=1 (set by .ci/run, which installs them): then it runs and fails.
/// </summary>
public sealed class AotFactAttribute : FactAttribute
{
    public AotFactAttribute()
    {
        string[] missing = [.. MissingTools()];
        if (missing.Length > 0 && Environment.GetEnvironmentVariable("LINKWA_REQUIRE_AOT") != "1")
        {
            Skip = $"Native AOT needs {string.Join(" and ", missing)}, not installed here (apt-get install clang zlib1g-dev; .ci/run installs them and sets LINKWA_REQUIRE_AOT=1)";
        }
    }

    private static IEnumerable<string> MissingTools()
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (!path.Any(directory => File.Exists(Path.Combine(directory, "clang")))) yield return "clang";
        if (!File.Exists("/usr/include/zlib.h")) yield return "zlib1g-dev";
    }
}
#endif
