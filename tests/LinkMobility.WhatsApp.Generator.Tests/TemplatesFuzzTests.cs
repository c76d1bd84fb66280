using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>Random damage to a valid templates file: the generator never throws, and what it emits still compiles.</summary>
public class TemplatesFuzzTests
{
    private static readonly string[] Pieces = ["{", "}", "[", "]", ",", ":", "\"", "{{", "}}", "{{1}}", "{{9}}", "\\u", "\\ud800", "\n", "- ", "&", "<", "null", "HEADER", "BUTTONS", "LOCATION", "NAMED", "URL", "\t", "#"];

    private const string Valid = """
        {"data": [
          {"name": "order_update", "language": "en_US", "status": "APPROVED", "namespace": "ns", "category": "UTILITY",
           "components": [
             {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["https://example.com/a.png"]}},
             {"type": "BODY", "text": "Hi {{1}}, order {{2}} ships today.", "example": {"body_text": [["Ann", "42"]]}},
             {"type": "FOOTER", "text": "Thanks"},
             {"type": "BUTTONS", "buttons": [
               {"type": "QUICK_REPLY", "text": "Track"}, {"type": "URL", "text": "Open", "url": "https://example.com/{{1}}"},
               {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+4680000000"}]}],
           "parameter_names": {"body": ["customer", "order"], "buttons": ["track", "path"]}},
          {"name": "hello", "language": "sv", "status": "PAUSED", "namespace": "ns", "components": [{"type": "BODY", "text": "Hej {{1}}"}]}
        ]}
        """;

    private static string Damage(Random random, string text)
    {
        var builder = new StringBuilder(text);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && builder.Length > 0; e++)
        {
            int at = random.Next(builder.Length);
            switch (random.Next(5))
            {
                case 0: builder.Remove(at, Math.Min(random.Next(1, 12), builder.Length - at)); break;
                case 1: builder.Insert(at, Pieces[random.Next(Pieces.Length)]); break;
                case 2: builder.Length = at; break;
                case 3:
                    int length = Math.Min(random.Next(1, 40), builder.Length - at);
                    builder.Insert(random.Next(builder.Length), builder.ToString(at, length));
                    break;
                default: builder[at] = (char)random.Next(0x20, 0x7F); break;
            }
        }
        return builder.ToString();
    }

    [Fact]
    public void Damaged_templates_files_give_diagnostics_never_an_exception_and_the_output_compiles()
    {
        int withDiagnostics = 0, withOutput = 0;
        for (int seed = 0; seed < 400; seed++)
        {
            string text = Damage(new Random(seed), Valid);
            var compilation = GeneratorHarness.Compilation("class Placeholder { }");
            GeneratorDriver driver = TemplatesGeneratorTests.Driver(new InMemoryAdditionalText("/project/t.json", text))
                .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.True(result.Exception is null, $"seed {seed}: {result.Exception}\n{text}");
            Assert.All(diagnostics, d => Assert.True(d.Id.StartsWith("LMWA00", StringComparison.Ordinal) && d.Id != "LMWA0009", $"seed {seed}: {d}\n{text}"));
            if (diagnostics.Length > 0) withDiagnostics++;
            if (result.GeneratedSources.Length > 0)
            {
                withOutput++;
                // Compiling is the slow part; every fourth run is enough to catch emitted code that does not compile.
                if (seed % 4 == 0)
                {
                    var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    Assert.True(errors.Count == 0, $"seed {seed}: {string.Join("\n", errors)}\n{text}");
                }
            }
        }
        // Not vacuous: the damage breaks files, and leaves some usable.
        Assert.True(withDiagnostics > 100, $"{withDiagnostics} damaged files had diagnostics");
        Assert.True(withOutput > 20, $"{withOutput} damaged files still gave builders");
    }
}
