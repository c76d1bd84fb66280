using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Xunit;
using Xunit.Abstractions;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>
/// The OpenAPI document generated from schema.yaml, read by a JSON Schema validator we did not write (JsonSchema.Net):
/// it agrees with the SDK's validators on every example and on a fault of every kind.
/// </summary>
public class OpenApiTests(ITestOutputHelper output)
{
    private static readonly JsonNode Document = JsonNode.Parse(OpenApiDocument.Json)!;

    /// <summary>The component schema of a type, as a 2020-12 schema with the components as its $defs.</summary>
    private static JsonSchema SchemaOf(string type)
    {
        string defs = Document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://linkmobility.test/{{type}}","$defs":{{defs}},"$ref":"#/$defs/{{type}}"}""");
    }

    private static readonly Dictionary<string, JsonSchema> Schemas = new();

    private static bool SchemaAccepts(string type, string json) => SchemaErrors(type, json) is null;

    /// <summary>Where and why the schema rejects the JSON; null when it accepts it.</summary>
    private static string? SchemaErrors(string type, string json)
    {
        lock (Schemas)
        {
            if (!Schemas.TryGetValue(type, out JsonSchema? schema)) Schemas[type] = schema = SchemaOf(type);
            using JsonDocument instance = JsonDocument.Parse(json);
            EvaluationResults results = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (results.IsValid) return null;
            return string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));
        }
    }

    private static (string Type, ValidationResult Ours) Ours(string json)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        PayloadInfo payload = Payloads.Detect(utf8) ?? throw new InvalidOperationException("not a payload: " + json);
        return (payload.Type.Name, Payloads.Validate(payload, utf8));
    }

    public static TheoryData<string> ExampleNames() => Examples.All();

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Every_example_of_the_document_is_valid_against_its_schema(string name)
    {
        string json = Examples.Text(name);
        var (type, ours) = Ours(json);
        Assert.True(ours.IsValid, ours.ToString());
        Assert.Null(SchemaErrors(type, json));
    }

    /// <summary>One fault of each kind the document's rules know, made from a valid example.</summary>
    public static IEnumerable<(string Fault, string Json)> Faults()
    {
        JsonObject Request() => JsonNode.Parse(Examples.Text("message-request.json"))!.AsObject();
        JsonObject With(Action<JsonObject> change)
        {
            JsonObject request = Request();
            change(request);
            return request;
        }
        JsonObject Template(string components) => JsonNode.Parse("""{"type":"template","template":{"namespace":"ns","name":"t","language":{"code":"en_US"},"components":""" + components + "}}")!.AsObject();
        JsonObject WithMessage(JsonObject message) => With(r => r["messages"] = new JsonArray(message));

        yield return ("required member missing", With(r => r.Remove("refId")).ToJsonString());
        yield return ("empty destinations", With(r => r["destinations"] = new JsonArray()).ToJsonString());
        yield return ("priority not in its set", With(r => r["priority"] = "URGENT").ToJsonString());
        yield return ("not an MSISDN", With(r => r["destinations"] = new JsonArray("12")).ToJsonString());
        yield return ("a + then 0", With(r => r["source"] = "+0467000000").ToJsonString());
        yield return ("relativeValidityTime below 1", With(r => r["relativeValidityTime"] = 0).ToJsonString());
        yield return ("both validity times (a warning)", With(r => { r["relativeValidityTime"] = 1000; r["absoluteValidityTime"] = "2030-01-01T00:00:00Z"; }).ToJsonString());
        yield return ("unknown message type", WithMessage(JsonNode.Parse("""{"type":"sticker"}""")!.AsObject()).ToJsonString());
        yield return ("text without its body", WithMessage(JsonNode.Parse("""{"type":"text","text":{}}""")!.AsObject()).ToJsonString());
        yield return ("image link not http", WithMessage(JsonNode.Parse("""{"type":"image","image":{"link":"ftp://example.com/a.png"}}""")!.AsObject()).ToJsonString());
        yield return ("image of an unsupported type (a warning)", WithMessage(JsonNode.Parse("""{"type":"image","image":{"link":"https://example.com/a.gif"}}""")!.AsObject()).ToJsonString());
        yield return ("unsupported language", WithMessage(JsonNode.Parse("""{"type":"template","template":{"namespace":"ns","name":"t","language":{"code":"en-us"},"components":[]}}""")!.AsObject()).ToJsonString());
        yield return ("button without index", WithMessage(Template("""[{"type":"button","subType":"url","parameters":[{"type":"text","text":"x"}]}]""")).ToJsonString());
        yield return ("button index below 0", WithMessage(Template("""[{"type":"button","subType":"url","index":-1,"parameters":[{"type":"text","text":"x"}]}]""")).ToJsonString());
        yield return ("payload in a body", WithMessage(Template("""[{"type":"body","parameters":[{"type":"payload","payload":"x"}]}]""")).ToJsonString());
        yield return ("two media in a header", WithMessage(Template("""[{"type":"header","parameters":[{"type":"image","image":{"link":"https://e.com/a.png"}},{"type":"video","video":{"link":"https://e.com/a.mp4"}}]}]""")).ToJsonString());
        yield return ("caption on a header image", WithMessage(Template("""[{"type":"header","parameters":[{"type":"image","image":{"link":"https://e.com/a.png","caption":"no"}}]}]""")).ToJsonString());
        yield return ("header document not a PDF", WithMessage(Template("""[{"type":"header","parameters":[{"type":"document","document":{"link":"https://e.com/a.docx"}}]}]""")).ToJsonString());
        yield return ("two buttons with one index", WithMessage(Template("""[{"type":"button","subType":"url","index":0,"parameters":[{"type":"text","text":"x"}]},{"type":"button","subType":"quickReply","index":0,"parameters":[{"type":"payload","payload":"y"}]}]""")).ToJsonString());
        yield return ("dateTime with neither form", WithMessage(Template("""[{"type":"body","parameters":[{"type":"dateTime","dateTime":{"fallbackValue":"x"}}]}]""")).ToJsonString());
        yield return ("dateTime with part of a form beside the other", WithMessage(Template("""[{"type":"body","parameters":[{"type":"dateTime","dateTime":{"fallbackValue":"x","year":2020,"timestamp":1}}]}]""")).ToJsonString());
        yield return ("dateTime month 13", WithMessage(Template("""[{"type":"body","parameters":[{"type":"dateTime","dateTime":{"fallbackValue":"x","dayOfWeek":1,"dayOfMonth":1,"year":2020,"month":13,"hour":0,"minute":0}}]}]""")).ToJsonString());
        yield return ("contact name without parts", WithMessage(JsonNode.Parse("""{"type":"contacts","contacts":[{"name":{"formattedName":"A"}}]}""")!.AsObject()).ToJsonString());
        yield return ("location without latitude", WithMessage(JsonNode.Parse("""{"type":"location","location":{"longitude":1.0}}""")!.AsObject()).ToJsonString());
        yield return ("event report index not a number", """{"messageId":"m","refId":"r","messageIndex":"x","resultCode":1005}""");
    }

    [Fact]
    public void The_schemas_reject_no_payload_the_sdk_accepts_and_what_only_the_sdk_rejects_is_listed_in_x_linkmobility_rules()
    {
        var listed = Document["x-linkmobility-rules"]!.AsArray().Select(r => (string)r!["code"]!).ToHashSet();
        var table = new List<string>();
        var onlySchema = new List<string>();
        var unlisted = new List<string>();
        foreach (var (fault, json) in Faults())
        {
            var (type, ours) = Ours(json);
            bool oursRejects = !ours.IsValid, schemaRejects = !SchemaAccepts(type, json);
            // What ours only warns about is not a rejection; the schema has no warnings, so it is listed instead.
            string[] codes = [.. ours.Problems.Select(p => p.Code).Distinct()];
            string verdict = (oursRejects, schemaRejects) switch
            {
                (true, true) => "both reject",
                (false, false) => "both accept",
                (true, false) => "only ours rejects",
                (false, true) => "only the schema rejects",
            };
            table.Add($"{verdict,-24} {fault} [{string.Join(", ", codes)}]");
            if (verdict == "only the schema rejects") onlySchema.Add(fault);
            if (verdict == "only ours rejects" || (!schemaRejects && codes.Length > 0))
            {
                unlisted.AddRange(codes.Where(c => !listed.Contains(c)).Select(c => $"{fault}: {c}"));
            }
        }
        output.WriteLine(string.Join(Environment.NewLine, table));

        Assert.Empty(onlySchema);
        Assert.Empty(unlisted);
        Assert.Contains(table, row => row.StartsWith("both reject", StringComparison.Ordinal));
    }

    [Fact]
    public void The_document_is_the_same_bytes_every_time_and_names_the_regions_the_webhooks_and_basic_authentication()
    {
        Assert.Equal(OpenApiDocument.Json, OpenApiDocument.Json.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("3.1.0", (string)Document["openapi"]!);
        Assert.Equal(BaseUrls.All.Count, Document["servers"]!.AsArray().Count);
        Assert.Equal(["eventReport", "receiveMessage", "alternativeReceiveMessage"], Document["webhooks"]!.AsObject().Select(w => w.Key));
        Assert.Equal("basic", (string)Document["components"]!["securitySchemes"]!["basicAuth"]!["scheme"]!);
    }
}
