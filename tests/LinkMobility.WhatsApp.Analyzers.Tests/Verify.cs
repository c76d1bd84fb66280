using LinkMobility.WhatsApp.CodeFixes;
using LinkMobility.WhatsApp.Testing;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>Runs the analyzer (and code fix) over C# that uses the contract, as a user's project would.</summary>
internal static class Verify
{
    /// <summary>Wraps statements in a compilable file that uses the contract.</summary>
    public static string Code(string body) => $$"""
        #nullable enable
        using System.Collections.Generic;
        using LinkMobility.WhatsApp;

        static class Sample
        {
            static object Make()
            {
                {{body}}
            }
        }
        """;

    public static Task Diagnostics(string body, params DiagnosticResult[] expected) => Analyzer(Code(body), expected);

    public static async Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TemplateAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static async Task Fix(string body, string fixedBody)
    {
        var test = new CSharpCodeFixTest<TemplateAnalyzer, TemplateCodeFixProvider, DefaultVerifier>
        {
            TestCode = Code(body),
            FixedCode = Code(fixedBody),
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }
}
