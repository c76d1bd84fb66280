using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>The analyzer project asks for the checks over known values (LinkMobilityWhatsAppOutput=RuleChecks) instead of the contract.</summary>
public class OutputModeTests
{
    [Fact]
    public void The_rule_checks_mode_emits_only_the_analyzers_checks()
    {
        var driver = GeneratorHarness.Driver(new InMemoryAdditionalText(GeneratorHarness.SchemaPath, GeneratorHarness.RealSchema),
            globalOptions: new Dictionary<string, string> { ["build_property.LinkMobilityWhatsAppOutput"] = "RuleChecks" });
        GeneratorRunResult result = driver.RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        GeneratedSourceResult source = Assert.Single(result.GeneratedSources);
        Assert.Equal("LinkMobility.WhatsApp.RuleChecks.g.cs", source.HintName);
        string text = source.SourceText.ToString();
        Assert.Contains("namespace LinkMobility.WhatsApp.Analyzers;", text);
        Assert.Contains("private static void CheckComponent(SourceObject o, RuleReport report)", text);
        Assert.Contains("\"a quickReply button takes a payload parameter, not {value}\"", text);
        Assert.Contains("(\"NotMsisdn\", \"LMWA1008\", \"error\", \"A phone number is not a plausible MSISDN\")", text);
        Assert.DoesNotContain("class MessageRequest", text);
    }

    [Fact]
    public void Any_other_value_gives_the_contract()
    {
        var driver = GeneratorHarness.Driver(new InMemoryAdditionalText(GeneratorHarness.SchemaPath, GeneratorHarness.RealSchema),
            globalOptions: new Dictionary<string, string> { ["build_property.LinkMobilityWhatsAppOutput"] = "" });
        GeneratorRunResult result = driver.RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult().Results.Single();
        Assert.Equal(7, result.GeneratedSources.Length);
    }

    [Fact]
    public void A_file_not_marked_for_the_generator_is_left_alone_whatever_its_name()
    {
        // A user's own schema.yaml (here not even valid YAML) is no business of the package's generator.
        var unrelated = new InMemoryAdditionalText("/project/config/schema.yaml", "openapi: [3.0");
        var driver = CSharpGeneratorDriver.Create(
            [new ContractGenerator().AsSourceGenerator()],
            [unrelated, new InMemoryAdditionalText(GeneratorHarness.SchemaPath, GeneratorHarness.RealSchema)],
            GeneratorHarness.ParseOptions,
            new TestOptions([], marked: []));
        GeneratorRunResult result = driver.RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }
}
