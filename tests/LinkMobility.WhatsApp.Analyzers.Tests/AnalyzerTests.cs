using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>Each diagnostic with a case that raises it (at the offending expression) and one that does not.</summary>
public class AnalyzerTests
{
    private const string Currency = """new CurrencyParameter { Currency = new() { FallbackValue = "$1", Code = "USD", Amount1000 = 1000 } }""";
    private const string Image = """new ImageParameter { Image = new() { Link = "https://example.com/a.png" } }""";
    private const string Video = """new VideoParameter { Video = new() { Link = "https://example.com/a.mp4" } }""";

    private static string Template(string components, string language = "\"en\"") => $$"""
        return new TemplateMessage
        {
            Template = new()
            {
                Namespace = "ns", Name = "t",
                Language = new() { Code = {{language}} },
                Components = [{{components}}],
            },
        };
        """;

    [Fact]
    public Task Header_takes_no_currency() =>
        Verify.Diagnostics($$"""return new Component { Type = ComponentType.Header, Parameters = [{|LMWA1010:{{Currency}}|}] };""");

    [Fact]
    public Task Header_takes_no_payload() =>
        Verify.Diagnostics("""return new Component { Type = ComponentType.Header, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };""");

    [Fact]
    public Task Header_takes_one_media_parameter_or_text() => Task.WhenAll(
        Verify.Diagnostics($$"""return new Component { Type = ComponentType.Header, Parameters = [{{Image}}, {|LMWA1011:{{Video}}|}] };"""),
        Verify.Diagnostics($$"""return new Component { Type = ComponentType.Header, Parameters = [{{Image}}] };"""),
        Verify.Diagnostics("""return new Component { Type = ComponentType.Header, Parameters = [new TextParameter { Text = "Hi" }] };"""));

    [Fact]
    public Task Header_media_takes_no_caption() => Task.WhenAll(
        Verify.Diagnostics("""return new ImageParameter { Image = new() { Link = "https://example.com/a.png", Caption = {|LMWA1012:"Logo"|} } };"""),
        Verify.Diagnostics("""return new ImageMessage { Image = new() { Link = "https://example.com/a.png", Caption = "A caption is fine on a message" } };"""));

    [Fact]
    public Task Header_document_is_a_pdf() => Task.WhenAll(
        Verify.Diagnostics("""return new DocumentParameter { Document = new() { Link = {|LMWA1013:"https://example.com/a.docx"|} } };"""),
        Verify.Diagnostics("""return new DocumentParameter { Document = new() { Link = "https://example.com/get", Filename = {|LMWA1013:"report.doc"|} } };"""),
        Verify.Diagnostics("""return new DocumentParameter { Document = new() { Link = "https://example.com/file.pdf", Filename = "filename" } };"""));

    [Fact]
    public Task Body_takes_no_media_or_payload() => Task.WhenAll(
        Verify.Diagnostics($$"""return new Component { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "a" }, {|LMWA1010:{{Image}}|}] };"""),
        Verify.Diagnostics("""return new Component { Type = ComponentType.Body, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };"""),
        Verify.Diagnostics($$"""return new Component { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "a" }, {{Currency}}] };"""));

    [Fact]
    public Task A_button_needs_subType_and_index() => Task.WhenAll(
        Verify.Diagnostics("""return {|LMWA1001:new Component { Type = ComponentType.Button, Index = 0, Parameters = [new PayloadParameter { Payload = "p" }] }|};"""),
        Verify.Diagnostics("""return {|LMWA1001:new Component { Type = ComponentType.Button, SubType = ButtonSubType.Url, Parameters = [new TextParameter { Text = "t" }] }|};"""),
        Verify.Diagnostics("""return new Component { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 0, Parameters = [new TextParameter { Text = "t" }] };"""));

    [Fact]
    public Task Button_indexes_are_unique() => Task.WhenAll(
        Verify.Diagnostics(Template("""
            new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "a" }] },
            new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = {|LMWA1014:0|}, Parameters = [new PayloadParameter { Payload = "b" }] }
            """)),
        Verify.Diagnostics(Template("""
            new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "a" }] },
            new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 1, Parameters = [new PayloadParameter { Payload = "b" }] }
            """)));

    [Fact]
    public Task Button_parameters_follow_the_sub_type() => Task.WhenAll(
        Verify.Diagnostics("""return new Component { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [{|LMWA1010:new TextParameter { Text = "Yes" }|}] };"""),
        Verify.Diagnostics("""return new Component { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 0, Parameters = [{|LMWA1010:new PayloadParameter { Payload = "p" }|}] };"""));

    [Fact]
    public Task Date_fields_come_together_or_a_timestamp_alone() => Task.WhenAll(
        Verify.Diagnostics("""return new DateTimeParameter { DateTime = {|LMWA1015:new() { FallbackValue = "x", Year = 1977, Month = 2 }|} };"""),
        Verify.Diagnostics("""return new DateTimeParameter { DateTime = {|LMWA1015:new() { FallbackValue = "x", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = 2, Hour = 15, Minute = 33, Timestamp = 1 }|} };"""),
        Verify.Diagnostics("""return new DateTimeParameter { DateTime = new() { FallbackValue = "x", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = 2, Hour = 15, Minute = 33 } };"""),
        Verify.Diagnostics("""return new DateTimeParameter { DateTime = new() { FallbackValue = "x", Timestamp = 225000000000 } };"""),
        Verify.Diagnostics("""return new DateTimeParameter { DateTime = new() { FallbackValue = "x", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = {|LMWA1005:13|}, Hour = 15, Minute = 33 } };"""));

    [Fact]
    public Task A_name_needs_more_than_formattedName() => Task.WhenAll(
        Verify.Diagnostics("""return new Contact { Name = {|LMWA1016:new() { FormattedName = "John Smith" }|} };"""),
        Verify.Diagnostics("""return new Contact { Name = new() { FormattedName = "John Smith", FirstName = "John" } };"""));

    [Fact]
    public Task Language_codes_come_from_the_table() => Task.WhenAll(
        Verify.Diagnostics(Template("""new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "a" }] }""", """{|LMWA1009:"en-us"|}""")),
        Verify.Diagnostics(Template("""new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "a" }] }""", """{|LMWA1009:"xx"|}""")),
        Verify.Diagnostics(Template("""new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "a" }] }""", "TemplateLanguages.EnglishUS")));

    [Fact]
    public Task Links_are_http_and_known_media_formats() => Task.WhenAll(
        Verify.Diagnostics("""return new ImageMessage { Image = new() { Link = {|LMWA1006:"ftp://example.com/a.png"|} } };"""),
        Verify.Diagnostics("""return new ImageMessage { Image = new() { Link = {|LMWA1007:"https://example.com/a.gif"|} } };"""),
        Verify.Diagnostics("""return new AudioMessage { Audio = new() { Link = "https://example.com/a.ogg" } };"""));

    [Fact]
    public Task Msisdns_are_plausible() => Task.WhenAll(
        Verify.Diagnostics("""
            return new MessageRequest
            {
                PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal,
                Source = {|LMWA1008:"LINK"|},
                Destinations = ["+46700000001", {|LMWA1008:"12"|}],
                Messages = [new TextMessage { Text = new() { Body = "hi" } }],
            };
            """),
        Verify.Diagnostics("""return new Phone { Number = "+1 (940) 555-1234" };"""));

    private static string Request(string destinations, string messages) => $$"""
        return new MessageRequest
        {
            PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000",
            Destinations = {{destinations}},
            Messages = {{messages}},
        };
        """;

    [Fact]
    public Task Empty_lists_null_items_and_null_required_members() => Task.WhenAll(
        Verify.Diagnostics(Request("{|LMWA1002:new List<string>()|}", """[new TextMessage { Text = new() { Body = "hi" } }]""")),
        Verify.Diagnostics(Request("""["+46700000001"]""", "{|LMWA1002:[]|}")),
        Verify.Diagnostics(Request("""["+46700000001"]""", """[new TextMessage { Text = new() { Body = {|LMWA1001:null!|} } }]""")),
        Verify.Diagnostics(Request("""["+46700000001", {|LMWA1003:null!|}]""", """[new TextMessage { Text = new() { Body = "hi" } }]""")));

    [Fact]
    public Task A_number_cast_to_an_enum_is_not_a_named_value() => Task.WhenAll(
        Verify.Diagnostics("""return new Component { Type = {|LMWA1004:(ComponentType)7|}, Parameters = [] };"""),
        Verify.Diagnostics("""return new Component { Type = ComponentType.Button, SubType = {|LMWA1004:(ButtonSubType)9|}, Index = 0, Parameters = [] };"""));

    [Fact]
    public Task Both_validity_times_are_a_warning() =>
        Verify.Diagnostics("""
            return {|LMWA1017:new MessageRequest
            {
                PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000",
                Destinations = ["+46700000001"], Messages = [new TextMessage { Text = new() { Body = "hi" } }],
                RelativeValidityTime = System.TimeSpan.FromHours(1), AbsoluteValidityTime = System.DateTimeOffset.UtcNow,
            }|};
            """);

    [Fact]
    public Task Values_not_known_at_compile_time_raise_nothing() =>
        Verify.Diagnostics("""
            string code = System.Environment.GetEnvironmentVariable("LANG") ?? "xx";
            ComponentType kind = System.DateTime.Now.Second > 30 ? ComponentType.Header : ComponentType.Body;
            var dateTime = new DateTimeValue { FallbackValue = "x", Year = 1977 }; // may be completed later
            dateTime.Month = 2;
            Parameter parameter = new PayloadParameter { Payload = "p" };
            return new object[]
            {
                new Language { Code = code },
                new Component { Type = kind, Parameters = [parameter] },
                new Component { Type = ComponentType.Header, Parameters = [parameter] },
                dateTime,
            };
            """);

    [Fact]
    public Task The_documents_examples_in_csharp_raise_nothing() =>
        Verify.Diagnostics("""
            return new MessageRequest
            {
                PlatformId = "your platformId", PlatformPartnerId = "yourPlatformPartnerId", RefId = "yourRefId",
                Priority = Priority.Normal, Source = "+460000000000",
                Destinations = ["+460000000001", "+460000000002"],
                EventReportGates = ["v08kM29P", "jk98GtdP"],
                CustomParameters = new() { ["yourCustomKey1"] = "yourCustomValue1" },
                Messages =
                [
                    new TemplateMessage
                    {
                        Template = new()
                        {
                            Namespace = "yourNamespace", Name = "yourTemplate", Language = new() { Code = TemplateLanguages.English },
                            Components =
                            [
                                new() { Type = ComponentType.Header, Parameters = [new DocumentParameter { Document = new() { Link = "https://www.example.com/file.pdf", Filename = "filename" } }] },
                                new()
                                {
                                    Type = ComponentType.Body,
                                    Parameters =
                                    [
                                        new TextParameter { Text = "Your text" },
                                        new CurrencyParameter { Currency = new() { FallbackValue = "$100.99", Code = "USD", Amount1000 = 100990 } },
                                        new DateTimeParameter { DateTime = new() { FallbackValue = "February 25, 1977 03:33PM", DayOfWeek = 5, DayOfMonth = 25, Year = 1977, Month = 2, Hour = 15, Minute = 33 } },
                                    ],
                                },
                                new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "Your payload here" }] },
                                new() { Type = ComponentType.Button, SubType = ButtonSubType.Url, Index = 1, Parameters = [new TextParameter { Text = "Your text here" }] },
                            ],
                        },
                    },
                    new TextMessage { PreviewUrl = false, Text = new() { Body = "Your text here!" } },
                    new ImageMessage { Image = new() { Link = "https://example.com/image.jpg", Caption = "Your image caption!" } },
                    new LocationMessage { Location = new() { Longitude = 18.0739497, Latitude = 59.3120499, Name = "Linkmobility Stockholm, Sweden" } },
                    new AudioMessage { Audio = new() { Link = "https://example.com/audio.mp4" } },
                    new VideoMessage { Video = new() { Link = "https://example.com/video.mp4", Caption = "Your video caption" } },
                    new DocumentMessage { Document = new() { Link = "https://example.com/document.pdf", Caption = "Your document caption", Filename = "Your document filename" } },
                    new ContactsMessage
                    {
                        Contacts =
                        [
                            new()
                            {
                                Name = new() { FirstName = "John", FormattedName = "John Smith", LastName = "Smith" },
                                Phones = [new() { Number = "+1 (940) 555-1234", Type = "HOME" }, new() { Number = "+1 (650) 555-1234", Type = "WORK", WaId = "16505551234" }],
                                Urls = [new() { Link = "https://www.facebook.com", Type = "WORK" }],
                            },
                        ],
                    },
                ],
            };
            """);

    [Fact]
    public Task Generated_code_is_skipped() =>
        Verify.Analyzer("""
            // <auto-generated/>
            using LinkMobility.WhatsApp;
            static class Generated
            {
                static object Make() => new Component { Type = ComponentType.Header, Parameters = [new PayloadParameter { Payload = "p" }] };
            }
            """);

    [Fact]
    public Task A_compilation_without_the_contract_is_left_alone()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<TemplateAnalyzer, DefaultVerifier>
        {
            TestCode = "class Component { public string? Type { get; set; } } static class S { static object M() => new Component { Type = \"header\" }; }",
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(LinkMobility.WhatsApp.Testing.TestReferences.All.Where(r => !r.Display!.Contains("LinkMobility")));
        return test.RunAsync();
    }

    [Fact]
    public Task Messages_name_the_member_and_the_fix() =>
        Verify.Diagnostics("""return new Component { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [{|#0:new TextParameter { Text = "Yes" }|}] };""",
            new DiagnosticResult(Descriptors.ParameterNotAllowed).WithLocation(0).WithArguments("a quickReply button takes a payload parameter, not text"));
}
