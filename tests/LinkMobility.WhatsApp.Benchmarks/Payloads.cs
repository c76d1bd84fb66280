using System.Text.Json;
using System.Text.Json.Nodes;

namespace LinkMobility.WhatsApp.Benchmarks;

/// <summary>The payloads measured, built from the document's examples.</summary>
public static class BenchmarkPayloads
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name));

    /// <summary>The document's request with its media and interactive templates and a text message: every common shape, and valid.</summary>
    public static string Request { get; } = BuildRequest();

    public static byte[] ReceiveMessage { get; } = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "receive-message-text.json"));

    public static byte[] EventReport { get; } = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", "event-report.json"));

    public static JsonSerializerOptions StjOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Newtonsoft.Json.JsonSerializerSettings NewtonsoftSettings { get; } = new()
    {
        ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver(),
        NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore,
        DateParseHandling = Newtonsoft.Json.DateParseHandling.DateTimeOffset,
    };

    private static string BuildRequest()
    {
        JsonNode request = JsonNode.Parse(Example("message-request.json"))!;
        // With both validity times set, validation rightly warns; the benchmark measures a request with no problem.
        request.AsObject().Remove("relativeValidityTime");
        var messages = request["messages"]!.AsArray();
        messages.Clear();
        var media = JsonNode.Parse(Example("message-template-media.json"))!;
        var interactive = JsonNode.Parse(Example("message-template-interactive.json"))!;
        // The interactive template's buttons join the media template: header, body and two buttons.
        foreach (JsonNode? component in interactive["template"]!["components"]!.AsArray().Skip(2).ToList())
        {
            media["template"]!["components"]!.AsArray().Add(component!.DeepClone());
        }
        messages.Add(media);
        messages.Add(JsonNode.Parse(Example("message-text.json")));
        return request.ToJsonString();
    }
}
