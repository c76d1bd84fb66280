using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace LinkMobility.WhatsApp.Cli;

/// <summary><c>linkwa openapi</c>: the API as an OpenAPI 3.1 document, generated from schema.yaml.</summary>
internal sealed class OpenApiCommand : CliCommand
{
    private readonly Option<bool> _yaml = new("--yaml") { Description = "YAML instead of JSON" };
    private readonly Option<string> _output = new("--output", "-o") { Description = "Write it to this file instead of the standard output", HelpName = "FILE" };

    public override int Order => 35;

    public override string Summary => "Write the API as an OpenAPI 3.1 document";

    public override string Details =>
        "Writes the WhatsApp Message API as an OpenAPI 3.1 document generated from schema.yaml, as the SDK's contract is: " +
            "the regions as servers, POST /messages with its answers, the callbacks as webhooks, Basic authentication, and a " +
            "JSON Schema (2020-12) per type. Rules JSON Schema cannot say are listed under x-linkmobility-rules with their LMWA codes. " +
            "Mock the API with Prism, lint it with Redocly or Spectral, generate a client with Kiota, or validate payloads with any JSON Schema validator.";

    public override IReadOnlyList<string> Examples =>
    [
        "linkwa openapi -o whatsapp-message-api.json",
        "linkwa openapi --yaml > whatsapp-message-api.yaml",
    ];

    public override string ExitCodes => "0 written, 1 the file cannot be written, 2 wrong usage.";

    public override Command Create()
    {
        var command = new Command("openapi", Summary) { _yaml, _output };
        command.SetAction(parseResult =>
        {
            string text = parseResult.GetValue(_yaml) ? Yaml(OpenApiDocument.Json) : OpenApiDocument.Json;
            if (parseResult.GetValue(_output) is not { } file)
            {
                Out(parseResult).Write(text);
                return Cli.Ok;
            }
            try
            {
                File.WriteAllText(file, text);
                return Cli.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                Error(parseResult).WriteLine($"{file}: cannot write the file: {ex.Message}");
                return Cli.Unreadable;
            }
        });
        return command;
    }

    /// <summary>The same document in YAML: members in their order, strings quoted where YAML would read them otherwise.</summary>
    public static string Yaml(string json)
    {
        ISerializer serializer = new SerializerBuilder().WithQuotingNecessaryStrings().DisableAliases().Build();
        return serializer.Serialize(Plain(JsonNode.Parse(json)));
    }

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(member => member.Key, member => Plain(member.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<long>(),
        _ => null,
    };
}
