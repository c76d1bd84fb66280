using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>The newest compiler's half of the agreement the Roslyn 4.8 tests check (UPDATE_BASELINES=1 rewrites the expected file).</summary>
public class CompilerAgreementTests
{
    [Fact]
    public async Task The_analyzers_report_the_expected_diagnostics()
    {
        string actual = await AnalyzerAgreement.DescribeAsync();
        Assert.EndsWith("errors compiling the sample: 0\n", actual);
        if (Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1") File.WriteAllText(AnalyzerAgreement.ExpectedPath, actual);
        Assert.Equal(File.ReadAllText(AnalyzerAgreement.ExpectedPath), actual);
    }
}
