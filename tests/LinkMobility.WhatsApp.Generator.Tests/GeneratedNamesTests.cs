using Microsoft.CodeAnalysis;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>Schema names never collide with the generated code's own names.</summary>
public class GeneratedNamesTests
{
    // The locals and parameters generated code declares for itself, and C# keywords.
    private static readonly string[] Names =
        ["reader", "writer", "member", "result", "additionalMembers", "value", "item", "items", "context", "names", "key", "ex", "utf8Json", "i", "j", "namespace", "event"];

    [Fact]
    public void Members_named_like_the_generated_codes_own_locals_compile()
    {
        string members = string.Join("\n", Names.Select((name, i) =>
            $"      - {{ name: {name}, type: {(i % 3 == 0 ? "int" : i % 3 == 1 ? "string" : "List<string>")}, required: {(i % 2 == 0 ? "yes" : "no")}, description: A member named {name}. }}"));
        string schema = GeneratorHarness.TestSchema("mini.yaml").Replace("""
              WordPart:
                description: A word.
                members:
            """, $"""
              WordPart:
                description: A word.
                members:
            {members}
            """);
        Assert.Contains("name: additionalMembers", schema);

        var (result, output, diagnostics) = GeneratorHarness.Run(schema, null, """
            using Mini.Contract;
            static class Use
            {
                static string RoundTrip()
                {
                    var part = WordPart.Parse("{\"kind\":\"word\",\"text\":\"t\",\"reader\":1,\"member\":\"m\",\"result\":[\"r\"],\"namespace\":7,\"event\":\"e\"}"u8);
                    return part.ToJson() + part.Validate();
                }
            }
            """);

        Assert.Null(result.Exception);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
