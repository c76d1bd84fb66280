using System.Text.Json.Nodes;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>Every rule of the schema: a request that breaks it, and the code and path reported.</summary>
public class ValidationTests
{
    /// <summary>A valid request around the given messages (JSON), with top-level members replaced by <paramref name="top"/>.</summary>
    private static string Request(string messages, string? top = null)
    {
        var request = JsonNode.Parse("""
            {"platformId":"p","platformPartnerId":"pp","priority":"NORMAL","refId":"r","source":"+46700000000",
             "destinations":["+46700000001"],"messages":[]}
            """)!.AsObject();
        request["messages"] = JsonNode.Parse(messages);
        if (top is not null)
        {
            foreach (var (name, value) in JsonNode.Parse(top)!.AsObject().ToList())
            {
                request[name] = value?.DeepClone();
            }
        }
        return request.ToJsonString();
    }

    private static string Template(string components) => Request(TemplateMessages(components));

    private static string TemplateMessages(string components) =>
        """[{"type":"template","template":{"namespace":"ns","name":"t","language":{"code":"en"},"components":""" + components + "}}]";

    private const string Body = """{"type":"body","parameters":[{"type":"text","text":"x"}]}""";

    private static string DateTime(string fields) =>
        Template("""[{"type":"body","parameters":[{"type":"dateTime","dateTime":{"fallbackValue":"x" """ + fields + "}}]}]");

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, request JSON, code, path
        { "required member", Request("[]", """{"refId":null}"""), "LMWA1001", "$" },
        { "required value member", Request("[]").Replace("\"priority\":\"NORMAL\",", ""), "LMWA1001", "$" },
        { "required nested member", Template($"[{Body}]").Replace("\"language\":{\"code\":\"en\"},", ""), "LMWA1001", "messages[0].template" },
        { "empty destinations", Request("""[{"type":"text","text":{"body":"a"}}]""", """{"destinations":[]}"""), "LMWA1002", "destinations" },
        { "empty messages", Request("[]"), "LMWA1002", "messages" },
        { "empty contacts", Request("""[{"type":"contacts","contacts":[]}]"""), "LMWA1002", "messages[0].contacts" },
        { "null destination", Request("[]", """{"destinations":["+46700000001",null]}"""), "LMWA1003", "destinations[1]" },
        { "null message", Request("[null]"), "LMWA1003", "messages[0]" },
        { "month out of range", DateTime(""","dayOfWeek":5,"dayOfMonth":25,"year":1977,"month":13,"hour":15,"minute":33"""), "LMWA1005", "messages[0].template.components[0].parameters[0].dateTime.month" },
        { "day of week zero", DateTime(""","dayOfWeek":0,"dayOfMonth":25,"year":1977,"month":2,"hour":15,"minute":33"""), "LMWA1005", "messages[0].template.components[0].parameters[0].dateTime.dayOfWeek" },
        { "hour 24", DateTime(""","dayOfWeek":1,"dayOfMonth":25,"year":1977,"month":2,"hour":24,"minute":33"""), "LMWA1005", "messages[0].template.components[0].parameters[0].dateTime.hour" },
        { "minute 60", DateTime(""","dayOfWeek":1,"dayOfMonth":25,"year":1977,"month":2,"hour":23,"minute":60"""), "LMWA1005", "messages[0].template.components[0].parameters[0].dateTime.minute" },
        { "negative button index", Template("""[{"type":"button","subType":"url","index":-1,"parameters":[{"type":"text","text":"x"}]}]"""), "LMWA1005", "messages[0].template.components[0].index" },
        { "zero validity", Request("[]", """{"relativeValidityTime":0}"""), "LMWA1005", "relativeValidityTime" },
        { "ftp link", Request("""[{"type":"image","image":{"link":"ftp://example.com/a.png"}}]"""), "LMWA1006", "messages[0].image.link" },
        { "relative link", Request("""[{"type":"document","document":{"link":"example.com/a.pdf"}}]"""), "LMWA1006", "messages[0].document.link" },
        { "gif image", Request("""[{"type":"image","image":{"link":"https://example.com/a.gif?size=2"}}]"""), "LMWA1007", "messages[0].image.link" },
        { "mkv video", Request("""[{"type":"video","video":{"link":"https://example.com/v/clip.mkv"}}]"""), "LMWA1007", "messages[0].video.link" },
        { "letters in source", Request("[]", """{"source":"LINKMOBILE"}"""), "LMWA1008", "source" },
        { "short destination", Request("[]", """{"destinations":["+46700000001","1234"]}"""), "LMWA1008", "destinations[1]" },
        { "plus zero", Request("[]", """{"destinations":["+0700000001"]}"""), "LMWA1008", "destinations[0]" },
        { "spaces in destination", Request("[]", """{"destinations":["+46 70 000 00 01"]}"""), "LMWA1008", "destinations[0]" },
        { "contact phone", Request("""[{"type":"contacts","contacts":[{"phones":[{"phone":"call me"}]}]}]"""), "LMWA1008", "messages[0].contacts[0].phones[0].phone" },
        { "language separator", Template($"[{Body}]").Replace("\"en\"", "\"en-US\""), "LMWA1009", "messages[0].template.language.code" },
        { "currency in header", Template("""[{"type":"header","parameters":[{"type":"currency","currency":{"fallbackValue":"$1","code":"USD","amount1000":"1000"}}]}]"""), "LMWA1010", "messages[0].template.components[0].parameters[0]" },
        { "payload in header", Template("""[{"type":"header","parameters":[{"type":"payload","payload":"p"}]}]"""), "LMWA1010", "messages[0].template.components[0].parameters[0]" },
        { "image in body", Template("""[{"type":"body","parameters":[{"type":"text","text":"a"},{"type":"image","image":{"link":"https://example.com/a.png"}}]}]"""), "LMWA1010", "messages[0].template.components[0].parameters[1]" },
        { "text on quickReply", Template("""[{"type":"button","subType":"quickReply","index":0,"parameters":[{"type":"text","text":"x"}]}]"""), "LMWA1010", "messages[0].template.components[0].parameters[0]" },
        { "payload on url", Template("""[{"type":"button","subType":"url","index":0,"parameters":[{"type":"payload","payload":"x"}]}]"""), "LMWA1010", "messages[0].template.components[0].parameters[0]" },
        { "two header media", Template("""[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/a.png"}},{"type":"video","video":{"link":"https://example.com/a.mp4"}}]}]"""), "LMWA1011", "messages[0].template.components[0].parameters[1]" },
        { "caption on header image", Template("""[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/a.png","caption":"c"}}]}]"""), "LMWA1012", "messages[0].template.components[0].parameters[0].image.caption" },
        { "caption on header video", Template("""[{"type":"header","parameters":[{"type":"video","video":{"link":"https://example.com/a.mp4","caption":"c"}}]}]"""), "LMWA1012", "messages[0].template.components[0].parameters[0].video.caption" },
        { "header document link", Template("""[{"type":"header","parameters":[{"type":"document","document":{"link":"https://example.com/a.docx"}}]}]"""), "LMWA1013", "messages[0].template.components[0].parameters[0].document.link" },
        { "header document filename", Template("""[{"type":"header","parameters":[{"type":"document","document":{"link":"https://example.com/get","filename":"report.doc"}}]}]"""), "LMWA1013", "messages[0].template.components[0].parameters[0].document.filename" },
        { "duplicate button index", Template("""[{"type":"button","subType":"url","index":0,"parameters":[{"type":"text","text":"a"}]},{"type":"button","subType":"quickReply","index":0,"parameters":[{"type":"payload","payload":"b"}]}]"""), "LMWA1014", "messages[0].template.components[1].index" },
        { "date fields without minute", DateTime(""","dayOfWeek":5,"dayOfMonth":25,"year":1977,"month":2,"hour":15"""), "LMWA1015", "messages[0].template.components[0].parameters[0].dateTime" },
        { "date fields and timestamp", DateTime(""","dayOfWeek":5,"dayOfMonth":25,"year":1977,"month":2,"hour":15,"minute":33,"timestamp":225000000000"""), "LMWA1015", "messages[0].template.components[0].parameters[0].dateTime" },
        { "formatted name alone", Request("""[{"type":"contacts","contacts":[{"name":{"formattedName":"John Smith"}}]}]"""), "LMWA1016", "messages[0].contacts[0].name" },
        { "both validity times", Request("""[{"type":"text","text":{"body":"a"}}]""", """{"relativeValidityTime":60000,"absoluteValidityTime":"2030-01-01T00:00:00Z"}"""), "LMWA1017", "$" },
        { "button without subType", Template("""[{"type":"button","index":0,"parameters":[{"type":"payload","payload":"b"}]}]"""), "LMWA1001", "messages[0].template.components[0]" },
        { "button without index", Template("""[{"type":"button","subType":"quickReply","parameters":[{"type":"payload","payload":"b"}]}]"""), "LMWA1001", "messages[0].template.components[0]" },
        { "malformed json", Request("[]").Replace("\"refId\":\"r\",", "\"refId\":\"r\""), "LMWA1100", "$" },
        { "object as string", Template("""[{"type":"body","parameters":[{"type":"text","text":{}}]}]"""), "LMWA1101", "messages[0].template.components[0].parameters[0].text" },
        { "unknown message type", Request("""[{"type":"sticker"}]"""), "LMWA1102", "messages[0].type" },
        { "unknown priority", Request("[]", """{"priority":"URGENT"}"""), "LMWA1102", "priority" },
        { "parameter without type", Template("""[{"type":"body","parameters":[{"text":"x"}]}]"""), "LMWA1103", "messages[0].template.components[0].parameters[0]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reports_its_code_at_its_path(string name, string json, string code, string path)
    {
        ValidationResult result = MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.True(result.Problems.Any(p => p.Code == code && p.Path == path),
            $"{name}: expected {code} at {path}; got:\n{result}");
        Assert.Equal(Problems.Find(code)!.Severity == ProblemSeverity.Error, !result.IsValid);
    }

    [Fact]
    public void Every_problem_code_has_a_case()
    {
        var tested = Cases.Select(row => (string)row[2]).ToHashSet();
        // LMWA1004 (a cast enum value) cannot come from JSON; it has its own test below. The checks against your
        // templates (LMWA12xx) need a registry; TemplateValidationTests has a case for each.
        Assert.Equal(Problems.All.Select(p => p.Code).Where(c => c != "LMWA1004" && !c.StartsWith("LMWA12", StringComparison.Ordinal)).Order(), tested.Order());
    }

    [Fact]
    public void Messages_say_what_is_wrong_in_words()
    {
        string Message(string json) => MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(json)).Problems[0].Message;

        Assert.Equal("a quickReply button takes a payload parameter, not text",
            Message(Template("""[{"type":"button","subType":"quickReply","index":0,"parameters":[{"type":"text","text":"x"}]}]""")));
        Assert.Equal("'en-US' is not a supported template language; did you mean en_US?", Message(Template($"[{Body}]").Replace("\"en\"", "\"en-US\"")));
        Assert.Equal("'1234' is not a plausible phone number: it has too few digits (an MSISDN has 5 to 15)", Message(Request("[]", """{"destinations":["1234"]}""")));
        Assert.Equal("'.gif' is not a supported format for an image (.jpeg, .jpg, .png); LINK may reject it",
            Message(Request("""[{"type":"image","image":{"link":"https://example.com/a.gif"}}]""")));
        Assert.Equal("a dateTime takes dayOfWeek, dayOfMonth, year, month, hour and minute together, or timestamp alone; missing minute",
            Message(DateTime(""","dayOfWeek":5,"dayOfMonth":25,"year":1977,"month":2,"hour":15""")));
        Assert.Equal("'subType' is missing; it is required when type is button",
            Message(Template("""[{"type":"button","index":0,"parameters":[{"type":"payload","payload":"b"}]}]""")));
        Assert.Equal("a document parameter (header) must be a PDF, not .docx",
            Message(Template("""[{"type":"header","parameters":[{"type":"document","document":{"link":"https://example.com/a.docx"}}]}]""")));
        Assert.StartsWith("Malformed JSON", Message("{\"refId\" 1}"));
        Assert.Contains("(line 1, position 10)", Message("{\"refId\" 1}"));
    }

    [Fact]
    public void Every_problem_of_a_request_is_reported_in_one_pass()
    {
        string json = Request(TemplateMessages("""[{"type":"header","parameters":[{"type":"currency","currency":{"fallbackValue":"$1","code":"USD","amount1000":"1"}}]},{"type":"button","subType":"quickReply","index":0,"parameters":[{"type":"text","text":"x"}]}]"""),
            """{"source":"abc","destinations":["+46700000001","12"]}""");
        var result = MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(["source", "destinations[1]", "messages[0].template.components[0].parameters[0]", "messages[0].template.components[1].parameters[0]"],
            result.Problems.Select(p => p.Path));
    }

    [Fact]
    public void A_cast_enum_value_is_outside_the_closed_set()
    {
        var request = MessageRequest.Parse(Request("""[{"type":"text","text":{"body":"a"}}]"""));
        request.Priority = (Priority)42;
        ValidationProblem problem = Assert.Single(request.Validate().Problems);
        Assert.Equal(("LMWA1004", "priority", "42 is not a priority; expected one of LOW, NORMAL, HIGH"), (problem.Code, problem.Path, problem.Message));
    }

    [Fact]
    public void Warnings_leave_a_request_valid()
    {
        var result = MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(
            Request("""[{"type":"audio","audio":{"link":"https://example.com/a.wav"}}]""", """{"relativeValidityTime":60000,"absoluteValidityTime":"2030-01-01T00:00:00Z"}""")));
        Assert.True(result.IsValid);
        Assert.Equal(["LMWA1007", "LMWA1017"], result.Warnings.Select(w => w.Code).Order());
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("https://example.com/photo.JPG")]
    [InlineData("https://example.com/photo.jpeg#x")]
    [InlineData("https://example.com/photo")]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com")]
    [InlineData("HTTP://example.com/a.png")]
    public void Links_that_are_fine(string link)
    {
        Assert.Empty(MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(
            Request("""[{"type":"image","image":{"link":""" + "\"" + link + "\"}}]"))).Problems);
    }

    [Theory]
    [InlineData("+46700000001")]
    [InlineData("0046700000001")]
    [InlineData("0701234567")]
    [InlineData("46700000001")]
    [InlineData("+123456789012345")]
    public void Numbers_that_are_plausible_msisdns(string number)
    {
        Assert.Empty(MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(
            Request("""[{"type":"text","text":{"body":"a"}}]""", $$"""{"destinations":["{{number}}"]}"""))).Problems);
    }

    [Theory]
    [MemberData(nameof(Examples.All), MemberType = typeof(Examples))]
    public void The_document_examples_are_valid(string name)
    {
        byte[] json = Examples.Bytes(name);
        ValidationResult result = Payloads.Validate(Payloads.Detect(json)!, json);
        Assert.True(result.IsValid, $"{name}:\n{result}");
        // The request example sets both validity times; absoluteValidityTime wins, which deserves its warning.
        string[] expectedWarnings = name == "message-request.json" ? ["LMWA1017"] : [];
        Assert.Equal(expectedWarnings, result.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void Nulls_where_the_type_says_non_null_are_reported_not_thrown()
    {
        var request = new MessageRequest
        {
            PlatformId = null!, PlatformPartnerId = null!, Priority = Priority.Low, RefId = null!, Source = null!, Destinations = null!,
            Messages =
            [
                new TemplateMessage { Template = new() { Namespace = null!, Name = null!, Language = null!, Components = [new() { Type = ComponentType.Button, Parameters = [null!, new TextParameter { Text = null! }] }, null!] } },
                new TemplateMessage { Template = null! },
                new TextMessage { Text = null! },
                new ImageMessage { Image = new() { Link = null! } },
                new LocationMessage { Location = null! },
                new ContactsMessage { Contacts = [new() { Name = new() { FormattedName = null! }, Phones = [null!], Emails = null }, null!] },
                new TemplateMessage { Template = new() { Namespace = "n", Name = "t", Language = new() { Code = null! }, Components = [new() { Type = ComponentType.Body, Parameters = [new DateTimeParameter { DateTime = null! }, new CurrencyParameter { Currency = null! }] }] } },
                null!,
            ],
        };
        ValidationResult result = request.Validate();
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == "$" && p.Message.StartsWith("'refId' is missing"));
        Assert.Contains(result.Problems, p => p.Path == "messages[0].template.components[0].parameters[0]" && p.Code == "LMWA1003");
        Assert.Contains(result.Problems, p => p.Path == "messages[5].contacts[0].name" && p.Code == "LMWA1016");
        Assert.Contains(result.Problems, p => p.Path == "messages[7]" && p.Code == "LMWA1003");
    }

    [Fact]
    public void Validating_valid_input_allocates_nothing()
    {
        MessageRequest request = MessageRequest.Parse(Examples.Bytes("message-request.json"));
        request.RelativeValidityTime = null; // else the both-validity-times warning is (rightly) reported
        request.Messages.AddRange(new[] { "message-template-media.json", "message-template-interactive.json", "message-contacts.json", "message-image.json", "message-location.json" }
            .Select(name => Message.Parse(Examples.Bytes(name))));
        Assert.Same(ValidationResult.Valid, request.Validate());
        Assert.Equal(0, Allocations.LeastPer1000Calls(() => request.Validate()));
    }
}
