using LinkMobility.WhatsApp.Cli;
using LinkMobility.WhatsApp.Sandbox;
using LinkMobility.WhatsApp.Templates;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>Requests checked against your templates at run time: each problem, its path and words, and nothing on valid input.</summary>
public class TemplateValidationTests
{
    // The same templates as WhatsApp lists them, in YAML this time (the demo's file is JSON).
    private const string TemplatesYaml = """
        data:
          - name: order_update
            language: en_US
            status: APPROVED
            namespace: shop_ns
            components:
              - { type: HEADER, format: IMAGE }
              - { type: BODY, text: "Hi {{1}}, order {{2}} is on its way." }
              - type: BUTTONS
                buttons:
                  - { type: QUICK_REPLY, text: Track }
                  - { type: URL, text: View, url: "https://example.com/o/{{1}}" }
          - name: order_update
            language: sv
            status: PAUSED
            namespace: shop_ns
            components:
              - { type: HEADER, format: IMAGE }
              - { type: BODY, text: "Hej {{1}}, order {{2}} är på väg." }
              - type: BUTTONS
                buttons:
                  - { type: QUICK_REPLY, text: Spåra }
                  - { type: URL, text: Visa, url: "https://example.com/o/{{1}}" }
        """;

    private static readonly TemplateRegistry Registry = Load();

    private static TemplateRegistry Load()
    {
        TemplateFileResult result = TemplateFile.Parse(TemplatesYaml);
        Assert.Empty(result.Issues);
        return result.Templates;
    }

    private static Component Header(Parameter parameter) => new() { Type = ComponentType.Header, Parameters = [parameter] };

    private static Component Body(params Parameter[] parameters) => new() { Type = ComponentType.Body, Parameters = [.. parameters] };

    private static Component Button(ButtonSubType subType, int index, Parameter parameter) => new() { Type = ComponentType.Button, SubType = subType, Index = index, Parameters = [parameter] };

    private static ImageParameter Image => new() { Image = new() { Link = "https://example.com/a.png" } };

    private static TextParameter Text(string text) => new() { Text = text };

    private static MessageRequest Request(string name = "order_update", string language = "en_US", params Component[] components) => new()
    {
        PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000", Destinations = ["+46700000001"],
        Messages =
        [
            new TextMessage { Text = new() { Body = "first" } },
            new TemplateMessage { Template = new() { Namespace = "shop_ns", Name = name, Language = new() { Code = language }, Components = [.. components] } },
        ],
    };

    private static Component[] Valid => [Header(Image), Body(Text("Ann"), Text("42")), Button(ButtonSubType.QuickReply, 0, new PayloadParameter { Payload = "t" }), Button(ButtonSubType.Url, 1, Text("42"))];

    public static TheoryData<MessageRequest, string, string, string> Cases => new()
    {
        { Request("order_updte", "en_US", Valid), "LMWA1201", "messages[1].template.name",
            "'order_updte' is not one of your templates; did you mean 'order_update'? WhatsApp rejects an unknown template (132001)" },
        { Request("welcome", "en_US", Valid), "LMWA1201", "messages[1].template.name", "'welcome' is not one of your templates; WhatsApp rejects an unknown template (132001)" },
        { Request("order_update", "de", Valid), "LMWA1202", "messages[1].template.language.code", "template 'order_update' has no language 'de'; it has en_US, sv (WhatsApp error 132001)" },
        { Request("order_update", "sv", Valid), "LMWA1203", "messages[1].template.name", "template 'order_update' (sv) is PAUSED, not APPROVED; WhatsApp rejects it until it is approved" },
        { Request("order_update", "en_US", Header(Image), Body(Text("Ann")), Valid[2], Valid[3]), "LMWA1204", "messages[1].template.components[1]",
            "the body of template 'order_update' needs 2 parameter(s) (body1, body2); this one has 1 (WhatsApp error 132000)" },
        { Request("order_update", "en_US", Header(Text("x")), Valid[1], Valid[2], Valid[3]), "LMWA1205", "messages[1].template.components[0].parameters[0]",
            "the header of template 'order_update' takes image for 'headerImage', not text (WhatsApp error 132012)" },
        { Request("order_update", "en_US", [.. Valid, Button(ButtonSubType.QuickReply, 2, new PayloadParameter { Payload = "x" })]), "LMWA1206", "messages[1].template.components[4]",
            "template 'order_update' has no button 2 that takes parameters; leave the component out" },
        { Request("order_update", "en_US", Valid[0], Valid[1], Button(ButtonSubType.Url, 0, Text("t")), Valid[3]), "LMWA1207", "messages[1].template.components[2]",
            "button 0 of template 'order_update' is a quickReply button, not url" },
        { Request("order_update", "en_US", Valid[0], Valid[2], Valid[3]), "LMWA1208", "messages[1].template.components",
            "template 'order_update' needs the body, with its parameter(s) body1, body2; this message leaves it out (WhatsApp error 132000)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_template_message_that_does_not_fit_its_template_is_reported_at_its_path(MessageRequest request, string code, string path, string message)
    {
        ValidationProblem problem = Assert.Single(request.Validate(Registry).Problems);
        Assert.Equal((code, path, message), (problem.Code, problem.Path, problem.Message));
        Assert.Equal(Problems.Find(code)!.Severity, problem.Severity);
    }

    [Fact]
    public void A_component_the_template_lacks_is_named_plainly()
    {
        var registry = new TemplateRegistry([new TemplateDefinition("ns", "plain", "en_US", "APPROVED", null,
            [new TemplateComponentDefinition("body", null, null, [new TemplateParameterDefinition("body1", ["text"])])])]);
        MessageRequest request = Request("plain", "en_US", Header(Image), Body(Text("x")), Button(ButtonSubType.QuickReply, 0, new PayloadParameter { Payload = "p" }));
        Assert.Equal(
            ["template 'plain' has no header that takes parameters; leave the component out", "template 'plain' has no button 0 that takes parameters; leave the component out"],
            request.Validate(registry).Problems.Select(p => p.Message));
    }

    [Fact]
    public void Every_template_problem_code_has_a_case()
    {
        var tested = Cases.Select(row => (string)row[1]).ToHashSet();
        Assert.Equal(Problems.All.Select(p => p.Code).Where(c => c.StartsWith("LMWA12", StringComparison.Ordinal)).Order(), tested.Order());
    }

    [Fact]
    public void A_request_that_fits_is_valid_and_checking_it_allocates_nothing()
    {
        MessageRequest request = Request("order_update", "en_US", Valid);
        Assert.Same(ValidationResult.Valid, request.Validate(Registry));
        long allocated = Allocations.LeastPer1000Calls(() => request.Validate(Registry));
        Assert.True(allocated == 0, $"allocated {allocated} bytes per 1,000 checks");
    }

    [Fact]
    public void The_document_rules_are_reported_beside_the_template_problems()
    {
        MessageRequest request = Request("order_update", "en_US", Header(Image), Body(Text("Ann")), Button(ButtonSubType.QuickReply, 0, Text("t")), Valid[3]);
        var codes = request.Validate(Registry).Problems.Select(p => p.Code).ToList();
        Assert.Contains("LMWA1010", codes); // the document: a quickReply button takes a payload
        Assert.Contains("LMWA1204", codes); // your template: the body has two parameters
    }

    [Fact]
    public void An_empty_registry_checks_nothing_and_an_unknown_component_type_is_left_to_the_document_rules()
    {
        Assert.Same(ValidationResult.Valid, Request("anything", "en_US", Valid).Validate(new TemplateRegistry([])));
        MessageRequest request = Request("order_update", "en_US", [.. Valid, new Component { Type = (ComponentType)42, Parameters = [] }]);
        Assert.Equal(["LMWA1004"], request.Validate(Registry).Problems.Select(p => p.Code));
    }

    [Fact]
    public void The_compact_form_reads_back_what_it_wrote_whatever_the_text()
    {
        var odd = new TemplateDefinition("ns/with:odd|chars,%\t\n", "name", "en_US", "APPROVED", null,
            [new TemplateComponentDefinition("button", "url", 3, [new TemplateParameterDefinition("a:b|c", ["text", "currency"])])]);
        TemplateRegistry copy = TemplateRegistry.Decode(new TemplateRegistry([odd]).Encode());
        TemplateDefinition read = Assert.Single(copy.Definitions);
        Assert.Equal(odd.Namespace, read.Namespace);
        Assert.Null(read.Category);
        TemplateComponentDefinition component = Assert.Single(read.Components);
        Assert.Equal(("button", "url", (int?)3), (component.Type, component.SubType, component.Index));
        Assert.Equal("a:b|c", component.Parameters[0].Name);
        Assert.Equal(["text", "currency"], component.Parameters[0].Kinds);
        Assert.Throws<FormatException>(() => TemplateRegistry.Decode("only\ttwo"));
    }

    [Fact]
    public void Damaged_templates_files_and_registry_texts_fail_only_in_their_documented_ways()
    {
        string encoded = Registry.Encode();
        const string Noise = "\t\n/,:|%9x";
        for (int seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            int cut = random.Next(TemplatesYaml.Length);
            string yaml = TemplatesYaml.Remove(cut, Math.Min(random.Next(30), TemplatesYaml.Length - cut));
            yaml = yaml.Insert(random.Next(yaml.Length), "{[:}\"{{7}}\t");
            TemplateFileResult result = TemplateFile.Parse(yaml);   // never throws: problems are issues at their lines
            Assert.All(result.Issues, issue => Assert.True(issue.Line >= 1 && issue.Message.Length > 10, issue.ToString()));

            var text = encoded.ToCharArray();
            for (int i = 0; i < 4; i++) text[random.Next(text.Length)] = Noise[random.Next(Noise.Length)];
            try
            {
                TemplateRegistry decoded = TemplateRegistry.Decode(new string(text));
                // Whatever it reads, checking against it keeps its contract.
                Request("order_update", "en_US", Valid).Validate(decoded);
            }
            catch (FormatException)
            {
                // The documented failure of a text that is not a registry's.
            }
        }
    }

    [Fact]
    public void The_demo_builders_make_messages_that_fit_their_templates_and_the_document()
    {
        TemplateMessage message = WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS, orderNumber: "42", trackPayload: "track-42", orderPath: "42");
        var request = new MessageRequest
        {
            PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000", Destinations = ["+46700000001"], Messages = [message],
        };
        Assert.Same(ValidationResult.Valid, request.Validate(WhatsAppTemplates.Registry));
        Assert.Equal(
            """{"type":"template","template":{"namespace":"demo_namespace","name":"order_update","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"42"}]},{"type":"button","subType":"quickReply","index":0,"parameters":[{"type":"payload","payload":"track-42"}]},{"type":"button","subType":"url","index":1,"parameters":[{"type":"text","text":"42"}]}]}}""",
            message.ToJson());
        // The module initializer put the demo's templates where the client looks by default.
        Assert.NotNull(TemplateRegistry.Generated.Find("order_update", "en_US"));
    }

    [Fact]
    public void A_builder_refuses_a_missing_argument_and_a_language_the_template_lacks()
    {
        // Named as the Create method names them: the factory behind the builder knows the builder's parameter names.
        string[] names = typeof(WhatsAppTemplates.OrderUpdate).GetMethod("Create")!.GetParameters().Select(p => p.Name!).ToArray();
        Assert.Equal(names[2], Assert.Throws<ArgumentNullException>(() => WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS, "42", null!, "42")).ParamName);
        Assert.Equal(names[1], Assert.Throws<ArgumentNullException>(() => WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS, default, "t", "42")).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => WhatsAppTemplates.OrderUpdate.Create((WhatsAppTemplates.OrderUpdate.Language)7, "42", "t", "42"));
    }

    [Fact]
    public void Two_definitions_have_the_same_shape_whatever_their_parameter_names_but_not_whatever_their_kinds()
    {
        static TemplateDefinition Body(string name, params string[] kinds) =>
            new("ns", "t", "en_US", "APPROVED", null, [new TemplateComponentDefinition("body", null, null, [new TemplateParameterDefinition(name, kinds)])]);
        Assert.True(Body("customer_name", "text").SameShape(Body("customerName", "text")));
        Assert.False(Body("body1", "text").SameShape(Body("body1", "text", "currency")));
        Assert.False(Body("body1", "text").SameShape(new TemplateDefinition("ns", "t", "en_US", "APPROVED", null, [])));
    }

    [Fact]
    public void A_document_header_takes_its_link_or_the_document_with_the_filename_whatsapp_shows()
    {
        Currency amount = new() { FallbackValue = "$1", Code = "USD", Amount1000 = 1000 };
        DateTimeValue due = new() { FallbackValue = "March 1, 2026", DayOfWeek = 7, DayOfMonth = 1, Year = 2026, Month = 3, Hour = 12, Minute = 0 };
        TemplateMessage linked = WhatsAppTemplates.InvoiceReady.Create(WhatsAppTemplates.InvoiceReady.Language.EnglishUS, new Uri("https://example.com/i.pdf"), "42", amount, due);
        TemplateMessage named = WhatsAppTemplates.InvoiceReady.Create(WhatsAppTemplates.InvoiceReady.Language.EnglishUS,
            new Document { Link = "https://example.com/i.pdf", Filename = "Invoice 42.pdf" }, "42", amount, due);
        Document Header(TemplateMessage m) => Assert.IsType<DocumentParameter>(Assert.Single(m.Template.Components[0].Parameters)).Document;
        Assert.Equal(("https://example.com/i.pdf", (string?)null), (Header(linked).Link, Header(linked).Filename));
        Assert.Equal(("https://example.com/i.pdf", "Invoice 42.pdf"), (Header(named).Link, Header(named).Filename));
        var request = new MessageRequest
        {
            PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000", Destinations = ["+46700000001"], Messages = [named],
        };
        Assert.Empty(request.Validate(WhatsAppTemplates.Registry).Problems);
        Assert.Throws<ArgumentNullException>(() => WhatsAppTemplates.InvoiceReady.Create(WhatsAppTemplates.InvoiceReady.Language.EnglishUS, (Document)null!, "42", amount, due));
    }

    [Fact]
    public void A_builder_allocates_no_more_than_the_same_message_built_by_hand()
    {
        static TemplateMessage ByBuilder() => WhatsAppTemplates.OrderShipped.Create(WhatsAppTemplates.OrderShipped.Language.EnglishUS, customerName: "Ann", orderNumber: "42");
        static TemplateMessage ByHand() => new()
        {
            Template = new()
            {
                Namespace = "demo_namespace", Name = "order_shipped", Language = new() { Code = "en_US" },
                Components = [new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Ann" }, new TextParameter { Text = "42" }] }],
            },
        };
        Assert.Equal(ByHand().ToJson(), ByBuilder().ToJson());
        long builder = Allocations.LeastPer1000Calls(() => ByBuilder()), byHand = Allocations.LeastPer1000Calls(() => ByHand());
        Assert.True(builder <= byHand, $"builder {builder} B, by hand {byHand} B");
    }
}
