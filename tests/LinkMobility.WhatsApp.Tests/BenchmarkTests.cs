using System.Globalization;
using System.Text.RegularExpressions;
using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>
/// The paired benchmark runs and prints what the README promises. Times are never asserted (these machines are
/// noisy); the lines' form, the checks its setup makes, and the allocations, which do not vary, are.
/// </summary>
public class BenchmarkTests
{
    [Fact]
    public async Task The_paired_mode_prints_a_ratio_its_spread_its_target_and_the_allocations()
    {
        // The benchmark is built with this project (same configuration), so it runs without a build here.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string benchmark = Path.Combine(Repository.Root, "tests", "LinkMobility.WhatsApp.Benchmarks", "bin", configuration, "net10.0", "LinkMobility.WhatsApp.Benchmarks.dll");
        var (exit, output, error) = await Repository.ExecuteAsync("dotnet", [benchmark, "--quick", "--only", "validate-vs-serialize"], TimeSpan.FromMinutes(5));

        Assert.True(exit == 0, output + error);
        double Number(string pattern) => double.Parse(Regex.Match(output, pattern, RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        double ratio = Number(@"^ratio validate-vs-serialize ([\d.]+)$");
        Match spread = Regex.Match(output, @"^spread validate-vs-serialize ([\d.]+) ([\d.]+)$", RegexOptions.Multiline);
        Assert.True(spread.Success, output);
        double p25 = double.Parse(spread.Groups[1].Value, CultureInfo.InvariantCulture), p75 = double.Parse(spread.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(p25 <= ratio && ratio <= p75 && ratio > 0, output);
        Assert.Matches(@"(?m)^target validate-vs-serialize <= 0\.100 (met|missed|too-close-to-call) \(median's 95% interval [\d.]+–[\d.]+\)$", output);
        Assert.DoesNotMatch(@"(?m)^ratio (?!validate-vs-serialize )", output);   // --only measured that one

        // Counted, not timed: the same on every machine.
        Assert.Equal(0, Number(@"^alloc serialize (\d+)$"));
        Assert.Equal(0, Number(@"^alloc validate (\d+)$"));
        Assert.Equal(Number(@"^alloc template-handbuilt (\d+)$"), Number(@"^alloc template-builder (\d+)$"));
        Assert.True(Number(@"^alloc send (\d+)$") > Number(@"^alloc send-raw-httpclient (\d+)$"), output);
    }
}
