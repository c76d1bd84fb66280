#if NET10_0_OR_GREATER
using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>linkwa as users get it: packed as a .NET tool into a local folder, installed from there, and run.</summary>
public class ToolTests
{
    [Fact]
    public async Task Linkwa_installs_as_a_dotnet_tool_from_a_local_folder_and_runs_codes_and_the_demo()
    {
        string root = Path.Combine(Path.GetTempPath(), $"linkwa-tool-{Guid.NewGuid():N}");
        string packages = Path.Combine(root, "packages"), tools = Path.Combine(root, "tools");
        try
        {
            // The solution's build made the Debug output (pack's own default is Release); pack it as is, so no second
            // build runs beside the other tests.
            string project = Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "samples", "linkwa");
            await Repository.ExclusivelyAsync(() => AssertRunsAsync("dotnet", ["pack", project, "--no-build", "-c", "Debug", "-o", packages]));
            Assert.Single(Directory.GetFiles(packages, "LinkMobility.WhatsApp.Cli.*.nupkg"));
            // A NuGet cache of its own: a machine's cache may hold an older package of the same version. Untagged, the
            // package is a pre-release (0.1.0-alpha.0.N, MinVer), which install takes only when asked.
            await AssertRunsAsync("dotnet", ["tool", "install", "LinkMobility.WhatsApp.Cli", "--prerelease", "--tool-path", tools, "--add-source", packages], ("NUGET_PACKAGES", Path.Combine(root, "nuget")));

            string linkwa = Path.Combine(tools, "linkwa");
            string codes = await AssertRunsAsync(linkwa, ["codes"]);
            Assert.Contains("112003", codes);
            string demo = await AssertRunsAsync(linkwa, ["demo"]);
            Assert.Contains("All 10 messages were delivered.", demo);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> AssertRunsAsync(string program, string[] arguments, params (string Name, string Value)[] environment)
    {
        var (exit, output, error) = await Repository.ExecuteAsync(program, arguments, TimeSpan.FromMinutes(5), environment: environment);
        Assert.True(exit == 0, $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited {exit}:\n{output}{error}");
        return output + error;
    }
}
#endif
