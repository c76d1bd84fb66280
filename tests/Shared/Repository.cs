using System.Diagnostics;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>The repository the tests and benchmarks run from, and how they use its package as a user would.</summary>
internal static class Repository
{
    /// <summary>The first folder above the running assembly that holds schema/schema.yaml.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "schema", "schema.yaml"))) return directory.FullName;
        }
        throw new InvalidOperationException("This runs outside the repository: no schema/schema.yaml above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Packs <paramref name="project"/> (the runtime package unless told) into <paramref name="feed"/> under a version
    /// of its own (MinVer's override: MinVer sets the version from git tags otherwise), so no NuGet cache can hide a change.
    /// </summary>
    public static async Task PackAsync(string feed, string version, string configuration = "Debug", string project = "runtime/LinkMobility.WhatsApp/LinkMobility.WhatsApp.csproj")
    {
        var (exit, output) = await ExclusivelyAsync(() => DotnetAsync(Root, "pack", project, "-c", configuration, "-o", feed, $"-p:MinVerVersionOverride={version}"));
        if (exit != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n" + output);
    }

    /// <summary>
    /// Runs <paramref name="work"/>, a dotnet command on the repository's own projects, while no other test process
    /// runs one. A restore rewrites a project's obj/project.assets.json, which all its configurations and runtimes
    /// share: AotTests' publish for linux-x64 rewrote it under a pack's compile beside it, which then had no references
    /// (CS0518 on System.Object). The lock is an exclusive open of a file under the repository's ignored obj/.
    /// </summary>
    public static async Task<T> ExclusivelyAsync<T>(Func<Task<T>> work)
    {
        string path = Path.Combine(Root, "obj", "dotnet-on-the-repository.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waited = Stopwatch.StartNew();
        FileStream? held = null;
        while (held is null)
        {
            try
            {
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(30))
            {
                await Task.Delay(200);
            }
        }
        await using (held)
        {
            return await work();
        }
    }

    /// <summary>
    /// Writes a console project that takes the package from <paramref name="feed"/> by PackageReference (its
    /// Microsoft.Extensions dependencies from the package registry), restores
    /// into <paramref name="packages"/>, and keeps the repository's Directory.*.props out, as a user's project would.
    /// </summary>
    public static void WriteConsumerProject(string project, string feed, string packages, string version, IReadOnlyDictionary<string, string> sources)
    {
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{packages}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup><PackageReference Include="LinkMobility.WhatsApp" Version="{version}" /></ItemGroup>
            </Project>
            """);
        foreach (var (name, text) in sources) File.WriteAllText(Path.Combine(project, name), text);
    }

    /// <summary>Runs dotnet, bounded in time; returns its exit code and everything it printed.</summary>
    public static Task<(int Exit, string Output)> DotnetAsync(string directory, params string[] args) => RunAsync(directory, "dotnet", args);

    /// <summary>Runs a program, bounded in time; returns its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string directory, string program, params string[] args)
    {
        var (exit, output, error) = await ExecuteAsync(program, args, TimeSpan.FromMinutes(10), directory);
        return (exit, output + error);
    }

    /// <summary>Runs a program to its end, killed past <paramref name="timeout"/>; returns its exit code, its output and its errors apart.</summary>
    public static async Task<(int Exit, string Output, string Error)> ExecuteAsync(
        string program, IEnumerable<string> args, TimeSpan timeout, string? directory = null, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (directory is not null) info.WorkingDirectory = directory;
        foreach (string arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
