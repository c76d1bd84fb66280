extern alias runtime;
using runtime::LinkMobility.WhatsApp.Templates;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>
/// Hand-built template messages checked against your templates at compile time: the registry the templates generator
/// puts on the assembly, read by the analyzer; the same codes and words as at run time, at the place in the code.
/// </summary>
public class TemplateRegistryTests
{
    private static readonly TemplateRegistry Registry = new(
    [
        new TemplateDefinition("ns", "order_update", "en_US", "APPROVED", "UTILITY",
        [
            new TemplateComponentDefinition("header", null, null, [new TemplateParameterDefinition("headerImage", ["image"])]),
            new TemplateComponentDefinition("body", null, null, [new TemplateParameterDefinition("customerName", ["text", "currency", "dateTime"]), new TemplateParameterDefinition("orderNumber", ["text", "currency", "dateTime"])]),
            new TemplateComponentDefinition("button", "quickReply", 0, [new TemplateParameterDefinition("trackPayload", ["payload"])]),
        ]),
        new TemplateDefinition("ns", "order_update", "sv", "PAUSED", "UTILITY",
        [
            new TemplateComponentDefinition("header", null, null, [new TemplateParameterDefinition("headerImage", ["image"])]),
            new TemplateComponentDefinition("body", null, null, [new TemplateParameterDefinition("customerName", ["text", "currency", "dateTime"]), new TemplateParameterDefinition("orderNumber", ["text", "currency", "dateTime"])]),
            new TemplateComponentDefinition("button", "quickReply", 0, [new TemplateParameterDefinition("trackPayload", ["payload"])]),
        ]),
    ]);

    /// <summary>What the templates generator writes on the assembly.</summary>
    private static string RegistryAttribute => $"[assembly: LinkMobility.WhatsApp.Templates.TemplateRegistryData({SymbolDisplay.FormatLiteral(Registry.Encode(), quote: true)})]";

    private const string Header = """new() { Type = ComponentType.Header, Parameters = [new ImageParameter { Image = new() { Link = "https://example.com/a.png" } }] }""";
    private const string Body = """new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Ann" }, new TextParameter { Text = "42" }] }""";
    private const string Button = """new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "t" }] }""";

    private static string Template(string name = "order_update", string language = "en_US", string components = $"{Header}, {Body}, {Button}") =>
        $$"""new Template { Namespace = "ns", Name = "{{name}}", Language = new() { Code = "{{language}}" }, Components = [{{components}}] }""";

    public static TheoryData<string, string> Cases => new()
    {
        { "LMWA1201", Template(name: "order_updat") },
        { "LMWA1201", Template(name: "welcome") },
        { "LMWA1202", Template(language: "de") },
        { "LMWA1203", Template(language: "sv") },
        { "LMWA1204", Template(components: $$"""{{Header}}, new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Ann" }] }, {{Button}}""") },
        { "LMWA1205", Template(components: $$"""new() { Type = ComponentType.Header, Parameters = [new VideoParameter { Video = new() { Link = "https://example.com/a.mp4" } }] }, {{Body}}, {{Button}}""") },
        { "LMWA1206", Template(components: $$"""{{Header}}, {{Body}}, {{Button}}, new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 1, Parameters = [new TextParameter { Text = "x" }] }""") },
        { "LMWA1207", Template(components: $$"""{{Header}}, {{Body}}, new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 0, Parameters = [new TextParameter { Text = "x" }] }""") },
        { "LMWA1208", Template(components: $"{Header}, {Button}") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_analyzer_and_runtime_validation_report_the_same_template_problem_in_the_same_words(string code, string template)
    {
        var (atCompileTime, value) = await SameWordsTests.AnalyzeAndRun($$"""
            #nullable enable
            using LinkMobility.WhatsApp;
            {{RegistryAttribute}}
            public static class Case
            {
                public static MessageRequest Make() => new MessageRequest
                {
                    PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000", Destinations = ["+46700000001"],
                    Messages = [new TemplateMessage { Template = {{template}} }],
                };
            }
            """);
        var atRunTime = ((MessageRequest)value).Validate(Registry).Problems.Select(p => (p.Code, p.Message)).Order().ToList();

        Assert.Contains(atRunTime, p => p.Code == code);
        Assert.Equal(atRunTime, atCompileTime);
    }

    [Fact]
    public void Every_template_problem_has_a_case()
    {
        var covered = Cases.Select(c => (string)c[0]).ToHashSet();
        Assert.All(RuleChecks.Problems.Select(p => p.Code).Where(c => c.StartsWith("LMWA12", StringComparison.Ordinal)), c => Assert.Contains(c, covered));
    }

    [Fact]
    public Task Each_problem_is_reported_where_the_code_writes_it() => Verify.Analyzer($$"""
        #nullable enable
        using LinkMobility.WhatsApp;
        {{RegistryAttribute}}
        static class Sample
        {
            static object A() => new Template { Namespace = "ns", Name = {|LMWA1201:"order_updat"|}, Language = new() { Code = "en_US" }, Components = [] };
            static object B() => new Template { Namespace = "ns", Name = "order_update", Language = new() { Code = {|LMWA1202:"nb"|} }, Components = [] };
            static object C() => new TemplateMessage
            {
                Template = new() { Namespace = "ns", Name = "order_update", Language = new() { Code = "en_US" }, Components =
                [
                    new() { Type = ComponentType.Header, Parameters = [{|LMWA1205:new DocumentParameter { Document = new() { Link = "https://example.com/a.pdf" } }|}] },
                    {|LMWA1204:new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Ann" }] }|},
                    {|LMWA1207:new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 0, Parameters = [new TextParameter { Text = "x" }] }|},
                    {|LMWA1206:new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 3, Parameters = [new TextParameter { Text = "x" }] }|},
                ] },
            };
            static object D() => new Template { Namespace = "ns", Name = "order_update", Language = new() { Code = "en_US" }, Components = {|LMWA1208:[
                new() { Type = ComponentType.Header, Parameters = [new ImageParameter { Image = new() { Link = "https://example.com/a.png" } }] },
                new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Ann" }, new TextParameter { Text = "42" }] }]|} };
        }
        """);

    [Fact]
    public Task Only_what_code_shows_is_checked() => Verify.Analyzer($$"""
        #nullable enable
        using System.Collections.Generic;
        using LinkMobility.WhatsApp;
        {{RegistryAttribute}}
        static class Sample
        {
            // A name, a language, components or parameters only known at run time are not judged.
            static object A(string name) => new Template { Namespace = "ns", Name = name, Language = new() { Code = "en_US" }, Components = [] };
            static object B(string code) => new Template { Namespace = "ns", Name = "order_update", Language = new() { Code = code }, Components = [] };
            static object C(List<Component> more) => new Template { Namespace = "ns", Name = "order_update", Language = new() { Code = "en_US" }, Components = [.. more] };
            static object D(List<Parameter> ps) => new Template { Namespace = "ns", Name = "order_update", Language = new() { Code = "en_US" }, Components =
                [new() { Type = ComponentType.Header, Parameters = ps }, new() { Type = ComponentType.Body, Parameters = [.. ps] }, new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = ps }] };
            static object E()
            {
                var template = new Template { Namespace = "ns", Name = "order_update", Language = new() { Code = "en_US" }, Components = [] };
                template.Components.Add(new() { Type = ComponentType.Header, Parameters = [] });
                return template;
            }
        }
        """);

    [Fact]
    public Task Without_a_registry_no_template_is_judged() => Verify.Diagnostics("""
        return new Template { Namespace = "ns", Name = "anything", Language = new() { Code = "en_US" }, Components = [] };
        """);
}
