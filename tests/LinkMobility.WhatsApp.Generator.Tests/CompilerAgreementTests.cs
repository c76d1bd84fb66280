using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>The newest compiler's half of the agreement the Roslyn 4.8 tests check (UPDATE_BASELINES=1 rewrites the expected file).</summary>
public class CompilerAgreementTests
{
    [Fact]
    public void The_generators_give_the_expected_contract_and_builders()
    {
        string actual = GeneratorAgreement.Describe();
        Assert.DoesNotContain("threw", actual);
        Assert.EndsWith("errors compiling the output: 0\n", actual);
        if (Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1") File.WriteAllText(GeneratorAgreement.ExpectedPath, actual);
        Assert.Equal(File.ReadAllText(GeneratorAgreement.ExpectedPath), actual);
    }
}
