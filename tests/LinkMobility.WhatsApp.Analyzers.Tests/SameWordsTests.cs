using System.Collections.Immutable;
using System.Reflection;
using LinkMobility.WhatsApp.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>
/// The same wrong values, written once in C#, through the analyzer (compile time) and through runtime
/// validation (the compiled code run, its object validated): the same codes and the same messages.
/// </summary>
public class SameWordsTests
{
    private const string Request = """PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal""";
    private const string Text = """new TextMessage { Text = new() { Body = "hi" } }""";

    public static TheoryData<string, string> Cases => new()
    {
        { "LMWA1001", """new Text { Body = null! }""" },
        { "LMWA1001", """new Component { Type = ComponentType.Button, Index = 0, Parameters = [new PayloadParameter { Payload = "p" }] }""" },
        { "LMWA1002", """new ContactsMessage { Contacts = [] }""" },
        { "LMWA1003", $$"""new MessageRequest { {{Request}}, Source = "+46700000000", Destinations = ["+46700000001", null!], Messages = [{{Text}}] }""" },
        { "LMWA1004", """new Component { Type = (ComponentType)7, Parameters = [] }""" },
        { "LMWA1005", """new DateTimeValue { FallbackValue = "x", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = 13, Hour = 15, Minute = 33 }""" },
        { "LMWA1005", """new Component { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = -1, Parameters = [new TextParameter { Text = "t" }] }""" },
        { "LMWA1006", """new Image { Link = "ftp://example.com/a.png" }""" },
        { "LMWA1007", """new Audio { Link = "https://example.com/a.wav" }""" },
        { "LMWA1008", $$"""new MessageRequest { {{Request}}, Source = "LINK", Destinations = ["12"], Messages = [{{Text}}] }""" },
        { "LMWA1009", """new Language { Code = "en-us" }""" },
        { "LMWA1009", """new Language { Code = "xx" }""" },
        { "LMWA1010", """new Component { Type = ComponentType.Body, Parameters = [new PayloadParameter { Payload = "p" }] }""" },
        { "LMWA1011", """new Component { Type = ComponentType.Header, Parameters = [new ImageParameter { Image = new() { Link = "https://example.com/a.png" } }, new VideoParameter { Video = new() { Link = "https://example.com/a.mp4" } }] }""" },
        { "LMWA1012", """new VideoParameter { Video = new() { Link = "https://example.com/a.mp4", Caption = "c" } }""" },
        { "LMWA1013", """new DocumentParameter { Document = new() { Link = "https://example.com/a.docx", Filename = "a.doc" } }""" },
        { "LMWA1014", """new Template { Namespace = "n", Name = "t", Language = new() { Code = "en" }, Components = [new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "a" }] }, new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "b" }] }] }""" },
        { "LMWA1015", """new DateTimeValue { FallbackValue = "x", Year = 1977, Month = 2 }""" },
        { "LMWA1015", """new DateTimeValue { FallbackValue = "x" }""" },
        { "LMWA1015", """new DateTimeValue { FallbackValue = "x", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = 2, Hour = 15, Minute = 33, Timestamp = 1 }""" },
        { "LMWA1016", """new Name { FormattedName = "A B" }""" },
        { "LMWA1017", $$"""new MessageRequest { {{Request}}, Source = "+46700000000", Destinations = ["+46700000001"], Messages = [{{Text}}], RelativeValidityTime = System.TimeSpan.FromHours(1), AbsoluteValidityTime = System.DateTimeOffset.UnixEpoch }""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_analyzer_and_runtime_validation_report_the_same_problem_in_the_same_words(string code, string expression)
    {
        var (atCompileTime, value) = await AnalyzeAndRun($$"""
            #nullable enable
            using System.Collections.Generic;
            using LinkMobility.WhatsApp;
            public static class Case
            {
                public static object Make() { return {{expression}}; }
            }
            """);
        var result = (ValidationResult)value.GetType().GetMethod("Validate", Type.EmptyTypes)!.Invoke(value, null)!;
        var atRunTime = result.Problems.Select(p => (p.Code, p.Message)).Order().ToList();

        Assert.Contains(atRunTime, p => p.Code == code);
        Assert.Equal(atRunTime, atCompileTime);
    }

    /// <summary>
    /// Compiles a source whose class Case has a static Make(): the analyzer's diagnostics (code and message, in order),
    /// and what Make returns when the compiled code runs.
    /// </summary>
    internal static async Task<(List<(string Code, string Message)> AtCompileTime, object Value)> AnalyzeAndRun(string source)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Case" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers([new TemplateAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        object value = Assembly.Load(image.ToArray()).GetType("Case")!.GetMethod("Make")!.Invoke(null, null)!;
        return (diagnostics.Select(d => (d.Id, d.GetMessage())).Order().ToList(), value);
    }

    [Fact]
    public void Every_problem_both_can_report_has_a_case()
    {
        var covered = Cases.Select(c => (string)c[0]).ToHashSet();
        var both = RuleChecks.Problems.Select(p => p.Code).Where(c => string.CompareOrdinal(c, "LMWA1100") < 0);
        Assert.All(both, c => Assert.Contains(c, covered));
    }
}
