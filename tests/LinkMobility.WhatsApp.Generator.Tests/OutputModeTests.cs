using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>The analyzer project asks for the rule tables (LinkMobilityWhatsAppOutput=RuleTables) instead of the contract.</summary>
public class OutputModeTests
{
    [Fact]
    public void The_rule_tables_mode_emits_only_the_tables_of_the_schema()
    {
        var driver = CSharpGeneratorDriver.Create(
            [new ContractGenerator().AsSourceGenerator()],
            [new InMemoryAdditionalText(GeneratorHarness.SchemaPath, GeneratorHarness.RealSchema)],
            GeneratorHarness.ParseOptions,
            new OptionsProvider(new Dictionary<string, string> { ["build_property.LinkMobilityWhatsAppOutput"] = "RuleTables" }));
        GeneratorRunResult result = driver.RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        GeneratedSourceResult source = Assert.Single(result.GeneratedSources);
        Assert.Equal("LinkMobility.WhatsApp.RuleTables.g.cs", source.HintName);
        string text = source.SourceText.ToString();
        Assert.Contains("namespace LinkMobility.WhatsApp.Analyzers;", text);
        Assert.Contains("new RuleTable(RuleKind.Allow, Analyzers.Descriptors.ParameterNotAllowed, \"a quickReply button takes a payload parameter, not {value}\"", text);
        Assert.Contains("(\"NotMsisdn\", \"LMWA1008\", \"error\", \"A phone number is not a plausible MSISDN\")", text);
        Assert.DoesNotContain("class MessageRequest", text);
    }

    [Fact]
    public void Any_other_value_gives_the_contract()
    {
        var driver = CSharpGeneratorDriver.Create(
            [new ContractGenerator().AsSourceGenerator()],
            [new InMemoryAdditionalText(GeneratorHarness.SchemaPath, GeneratorHarness.RealSchema)],
            GeneratorHarness.ParseOptions,
            new OptionsProvider(new Dictionary<string, string> { ["build_property.LinkMobilityWhatsAppOutput"] = "" }));
        GeneratorRunResult result = driver.RunGenerators(GeneratorHarness.Compilation("class A { }")).GetRunResult().Results.Single();
        Assert.Equal(5, result.GeneratedSources.Length);
    }

    private sealed class OptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
