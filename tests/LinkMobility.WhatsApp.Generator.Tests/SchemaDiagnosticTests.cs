using Microsoft.CodeAnalysis;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>A broken schema gives a diagnostic at its YAML line, never an exception (no CS8784/CS8785).</summary>
public class SchemaDiagnosticTests
{
    private static string Mini => GeneratorHarness.TestSchema("mini.yaml");

    /// <summary>Runs the generator and returns its diagnostics as "ID line" (1-based), after checking it did not throw.</summary>
    private static List<Diagnostic> Diagnose(string schema)
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(schema);
        Assert.Null(result.Exception);
        Assert.DoesNotContain(diagnostics.Concat(output.GetDiagnostics()), d => d.Id is "CS8784" or "CS8785");
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) Assert.Empty(result.GeneratedSources);
        return [.. diagnostics];
    }

    private static int LineOf(string schema, string text) => schema.Split('\n').ToList().FindIndex(l => l.Contains(text)) + 1;

    private static void AssertSingle(List<Diagnostic> diagnostics, string id, int line, string messagePart)
    {
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(GeneratorHarness.SchemaPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains(messagePart, diagnostic.GetMessage());
        Assert.Equal("LinkMobility.WhatsApp.Schema", diagnostic.Descriptor.Category);
        Assert.StartsWith("https://", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void The_shipped_schemas_are_clean()
    {
        Assert.Empty(Diagnose(GeneratorHarness.RealSchema));
        Assert.Empty(Diagnose(Mini));
    }

    [Fact]
    public void Bad_yaml_points_at_the_line()
    {
        string schema = Mini.Replace("  Level:\n    description: How loud.", "  Level:\n    description: [How loud.");
        var diagnostics = Diagnose(schema);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LMWA0001", diagnostic.Id);
        Assert.InRange(diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, LineOf(schema, "[How loud."), LineOf(schema, "[How loud.") + 2);
    }

    [Fact]
    public void An_unknown_type_reference_is_named_at_its_line()
    {
        string schema = Mini.Replace("type: List<Part>", "type: List<Piece>");
        AssertSingle(Diagnose(schema), "LMWA0004", LineOf(schema, "List<Piece>"), "Unknown type 'Piece' in member 'parts' of type 'Request'");
    }

    [Fact]
    public void A_duplicate_member_name_is_named_at_its_line()
    {
        string schema = Mini.Replace("      - { name: at, type: date", "      - { name: on, type: date");
        AssertSingle(Diagnose(schema), "LMWA0005", LineOf(schema, "name: on, type: date"), "'on' is declared more than once in type 'Request'");
    }

    [Fact]
    public void A_duplicate_type_name_across_sections_is_an_error()
    {
        string schema = Mini.Replace("  WordPart:\n", "  Level2:\n    csharp: Level\n    description: Clash.\n    members: []\n  WordPart:\n");
        AssertSingle(Diagnose(schema), "LMWA0005", LineOf(schema, "csharp: Level"), "'Level' is declared more than once");
    }

    [Fact]
    public void A_name_that_is_a_csharp_keyword_is_an_error()
    {
        string schema = Mini.Replace("{ name: text, type: string, required: yes, description: Text. }", "{ name: text, csharp: class, type: string, required: yes, description: Text. }");
        AssertSingle(Diagnose(schema), "LMWA0006", LineOf(schema, "csharp: class"), "it is a C# keyword");
    }

    [Fact]
    public void A_member_named_like_its_type_is_caught_before_csharp_would_fail()
    {
        string schema = Mini.Replace("{ name: text, type: string, required: yes, description: Text. }", "{ name: wordPart, type: string, required: yes, description: Text. }");
        AssertSingle(Diagnose(schema), "LMWA0006", LineOf(schema, "name: wordPart"), "cannot have the name of its type");
    }

    [Fact]
    public void An_unknown_key_catches_an_unquoted_comma_in_a_flow_mapping()
    {
        // YAML ends a plain scalar at a comma inside { }: the rest becomes a key of its own.
        string schema = Mini.Replace("description: Count. }", "description: Count, Eg. 3. }");
        AssertSingle(Diagnose(schema), "LMWA0003", LineOf(schema, "Count, Eg. 3."), "Unknown key 'Eg. 3.' in a member of type 'Request'");
    }

    [Fact]
    public void An_unreadable_flag_is_an_error_not_false()
    {
        string schema = Mini.Replace("    keepUnknownMembers: true\n", "    keepUnknownMembers: maybe\n");
        AssertSingle(Diagnose(schema), "LMWA0007", LineOf(schema, "keepUnknownMembers: maybe"), "expected yes, true, no or false");
    }

    [Fact]
    public void An_unreadable_flag_in_the_templates_section_is_an_error_not_false()
    {
        string schema = GeneratorHarness.RealSchema.Replace("{ format: TEXT, parameter: text, placeholder: yes }", "{ format: TEXT, parameter: text, placeholder: maybe }");
        AssertSingle(Diagnose(schema), "LMWA0002", LineOf(schema, "placeholder: maybe"), "'maybe' is not allowed for 'placeholder' of a header format; expected yes, true, no or false");
    }

    [Fact]
    public void The_template_contract_names_declared_types()
    {
        string schema = GeneratorHarness.RealSchema.Replace("template: Template, language:", "template: Templet, language:");
        AssertSingle(Diagnose(schema), "LMWA0004", LineOf(schema, "template: Templet"), "Unknown type 'Templet' in 'template' of templates.contract");
    }

    [Fact]
    public void A_template_contract_type_without_what_a_builder_fills_is_named()
    {
        // Language has none of a component's members: each missing one is its own diagnostic at the contract's line.
        string schema = GeneratorHarness.RealSchema.Replace("component: Component, parameter:", "component: Language, parameter:");
        List<Diagnostic> diagnostics = Diagnose(schema);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal("LMWA0002", d.Id);
            Assert.Equal(LineOf(schema, "component: Language"), d.Location.GetLineSpan().StartLinePosition.Line + 1);
        });
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("templates.contract: Language needs a member 'type' of an enum type"));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("templates.contract: Language needs a member of type List<Parameter>"));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("templates.contract: Template.components must be a List<Language>"));
    }

    [Fact]
    public void Payloads_detected_by_more_than_63_member_names_are_an_error_at_the_64th()
    {
        // A type with 64 members, detected by all of them: 63 fit the generated bit mask, the 64th does not.
        string members = string.Concat(Enumerable.Range(0, 64).Select(i => $"      - {{ name: m{i}, type: string, required: no, description: M. }}\n"));
        string detect = string.Join(", ", Enumerable.Range(0, 64).Select(i => $"m{i}"));
        string schema = Mini
            .Replace("  - { type: Request, title: request, detect: [parts] }\n", $"  - {{ type: Request, title: request, detect: [parts] }}\n  - {{ type: Wide, title: wide, detect: [{detect}] }}\n")
            .Replace("types:\n", $"types:\n  Wide:\n    description: Wide.\n    members:\n{members}");
        AssertSingle(Diagnose(schema), "LMWA0017", LineOf(schema, "title: wide"), "'m62' is distinct detect name 64 of the payloads; they are told apart by at most 63");

        // At the limit (parts and m0 to m61), the contract is generated.
        string atLimit = schema.Replace(", m62, m63]", "]");
        Assert.Empty(Diagnose(atLimit));
    }

    [Fact]
    public void A_wrong_value_names_what_is_allowed()
    {
        string schema = Mini.Replace("required: no, description: Count.", "required: maybe, description: Count.");
        AssertSingle(Diagnose(schema), "LMWA0007", LineOf(schema, "required: maybe"), "expected yes, no or conditional");
    }

    [Fact]
    public void A_missing_section_is_named()
    {
        string schema = Mini.Replace("document:\n", "documentation:\n");
        var diagnostics = Diagnose(schema);
        Assert.Contains(diagnostics, d => d.Id == "LMWA0003" && d.GetMessage().Contains("'documentation'"));
        Assert.Contains(diagnostics, d => d.Id == "LMWA0002" && d.GetMessage().Contains("needs 'document'"));
    }

    [Fact]
    public void A_rule_naming_an_unknown_problem_is_an_error()
    {
        string schema = Mini.Replace("problem: Clash, message: \"count and ratio", "problem: Clsh, message: \"count and ratio");
        AssertSingle(Diagnose(schema), "LMWA0007", LineOf(schema, "problem: Clsh"), "'Clsh' is not allowed for a rule of type 'Request'");
    }

    [Fact]
    public void A_rule_naming_an_unknown_member_is_an_error()
    {
        string schema = Mini.Replace("notBoth: [count, ratio]", "notBoth: [count, ration]");
        AssertSingle(Diagnose(schema), "LMWA0007", LineOf(schema, "[count, ration]"), "expected a member of Request");
    }

    [Fact]
    public void A_condition_on_a_value_the_enum_does_not_have_is_an_error()
    {
        string schema = Mini.Replace("when: { level: HIGH }", "when: { level: LOUD }");
        AssertSingle(Diagnose(schema), "LMWA0007", LineOf(schema, "level: LOUD"), "expected one of LOW, HIGH");
    }

    [Fact]
    public void A_rule_that_does_not_fit_its_member_is_an_error()
    {
        string schema = Mini.Replace("{ name: on, type: bool, required: no", "{ name: on, type: bool, minItems: 1, required: no");
        AssertSingle(Diagnose(schema), "LMWA0007", LineOf(schema, "name: on, type: bool, minItems"), "only lists have a minimum number of items");
    }

    [Fact]
    public void The_problems_table_must_define_the_built_in_problems()
    {
        string schema = Mini.Replace("  - { code: MINI8, name: NotMsisdn, severity: error, title: Not a number, message: \"'{value}': {reason}\" }\n", "");
        Assert.DoesNotContain("NotMsisdn", schema);
        AssertSingle(Diagnose(schema), "LMWA0002", LineOf(schema, "problems:"), "the problems table needs 'NotMsisdn'");
    }

    [Fact]
    public void A_member_rules_problem_needs_the_message_forms_its_check_fills()
    {
        string schema = Mini.Replace("message: { range: \"{value}: {member} is {min}..{max}\", min: \"{value}: {member} >= {min}\", max: \"{value}: {member} <= {max}\" }",
            "message: { range: \"{value}: {member} is {min}..{max}\", min: \"{value}: {member} >= {min}\" }");
        AssertSingle(Diagnose(schema), "LMWA0002", LineOf(schema, "message: { range:"), "the message of problem MINI5 needs the form 'max'");

        string single = Mini.Replace("message: \"null in '{member}'\"", "message: { one: \"null\" }");
        AssertSingle(Diagnose(single), "LMWA0002", LineOf(single, "message: { one:"), "the 'message' of problem MINI3 is a text");

        string none = Mini.Replace(", message: \"null in '{member}'\"", "");
        AssertSingle(Diagnose(none), "LMWA0002", LineOf(none, "code: MINI3"), "problem MINI3 needs a 'message'");
    }

    [Fact]
    public void A_misspelt_placeholder_names_the_ones_that_are_filled()
    {
        string schema = Mini.Replace("message: \"'{value}': {reason}\" }\n  - code: MINI9", "message: \"'{valeu}': {reason}\" }\n  - code: MINI9");
        AssertSingle(Diagnose(schema), "LMWA0007", LineOf(schema, "{valeu}"), "'{valeu}' is not allowed for the message of problem MINI8; expected a placeholder it fills: {member}, {owner}, {value}, {reason}");

        string rule = Mini.Replace("\"a quiet request takes words, not {value}\"", "\"a quiet request takes words, not {kind}\"");
        AssertSingle(Diagnose(rule), "LMWA0007", LineOf(rule, "{kind}"), "{kind}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n# only a comment\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("just text")]
    public void An_empty_or_shapeless_file_is_one_clear_error(string schema)
    {
        var diagnostics = Diagnose(schema);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LMWA0002", diagnostic.Id);
        Assert.Contains("empty or is not a mapping", diagnostic.GetMessage());
    }

    [Fact]
    public void An_old_language_version_is_told_rather_than_failing_with_hundreds_of_errors()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run(Mini, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp10));
        Assert.Equal("LMWA0008", Assert.Single(diagnostics).Id);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Every_descriptor_is_in_the_release_tracking_file()
    {
        string unshipped = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, "generator", "LinkMobility.WhatsApp.Generator", "AnalyzerReleases.Unshipped.md"));
        var ids = typeof(ContractGenerator).Assembly.GetType("LinkMobility.WhatsApp.Generator.DiagnosticDescriptors")!
            .GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToList();
        Assert.Equal(17, ids.Count);
        Assert.All(ids, id => Assert.Contains(id + " |", unshipped));
        // Each help link is the id's page in docs/diagnostics.
        Assert.All(typeof(ContractGenerator).Assembly.GetType("LinkMobility.WhatsApp.Generator.DiagnosticDescriptors")!.GetFields()
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!), d =>
            {
                Assert.EndsWith($"/docs/diagnostics/{d.Id}.md", d.HelpLinkUri);
                Assert.True(File.Exists(Path.Combine(GeneratorHarness.RepositoryRoot, "docs", "diagnostics", d.Id + ".md")), d.Id + " has no page");
            });
    }
}
