using LinkMobility.WhatsApp.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LinkMobility.WhatsApp.OldCompiler.Tests;

/// <summary>The generator and the analyzers in Roslyn 4.8 give what the newest compiler's tests expect, to the byte.</summary>
public class OldCompilerTests
{
    [Fact]
    public void This_project_runs_the_dotnet_8_sdks_compiler_api() =>
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);

    [Fact]
    public void The_generators_give_the_same_contract_and_builders() =>
        Assert.Equal(File.ReadAllText(GeneratorAgreement.ExpectedPath), GeneratorAgreement.Describe());

    [Fact]
    public async Task The_analyzers_report_the_same_diagnostics() =>
        Assert.Equal(File.ReadAllText(AnalyzerAgreement.ExpectedPath), await AnalyzerAgreement.DescribeAsync());
}
