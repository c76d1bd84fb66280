using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LinkMobility.WhatsApp.Generator.Tests;

/// <summary>Tracking a new document version is an edit of schema.yaml: new types and members appear with no C# change.</summary>
public class DocumentVersionTests
{
    [Fact]
    public void A_new_message_type_result_code_and_language_in_the_schema_become_working_code()
    {
        // The next version of the document, as a maintainer would write it: edits to schema.yaml only.
        // (The namespace moves so the test's compilation does not clash with the runtime's own contract.)
        string next = GeneratorHarness.RealSchema
            .Replace("version: 1.4.2", "version: 1.5.0")
            .Replace("namespace: LinkMobility.WhatsApp", "namespace: Next.WhatsApp")
            .Replace("      - { value: contacts, type: ContactsMessage }", "      - { value: contacts, type: ContactsMessage }\n      - { value: sticker, type: StickerMessage }")
            .Replace("  # --- Message content properties", string.Join("\n",
                "  StickerMessage:",
                "    description: A message with a sticker.",
                "    members:",
                "      - { name: sticker, type: Sticker, required: yes, description: Sticker. }",
                "  Sticker:",
                "    description: A sticker.",
                "    members:",
                "      - { name: link, type: string, required: yes, description: Link to the sticker. }",
                "      - { name: animated, type: bool, required: no, description: Whether it moves. }",
                "",
                "  # --- Message content properties"))
            .Replace("  - { code: 112500,", "  - { code: 112407, name: RateLimited, description: Rate limited., explanation: Too many requests., outcome: error, final: true }\n  - { code: 112500,")
            .Replace("  - { code: zu, name: Zulu }", "  - { code: zu, name: Zulu }\n  - { code: cy, name: Welsh }");

        var (result, output, diagnostics) = GeneratorHarness.Run(next);
        Assert.Empty(diagnostics);
        Assert.Null(result.Exception);

        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("next-version", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(stream);

            // The new message type reads and writes through the polymorphic Message.
            Type message = assembly.GetType("Next.WhatsApp.Message")!;
            object sticker = message.GetMethod("Parse", [typeof(string)])!.Invoke(null, ["""{"type":"sticker","sticker":{"link":"https://example.com/s.webp","animated":true}}"""])!;
            Assert.Equal("Next.WhatsApp.StickerMessage", sticker.GetType().FullName);
            Assert.Equal("Sticker", sticker.GetType().GetProperty("Type")!.GetValue(sticker)!.ToString());
            Assert.Equal("""{"type":"sticker","sticker":{"link":"https://example.com/s.webp","animated":true}}""",
                message.GetMethod("ToJson")!.Invoke(sticker, [false]));

            // The new result code and language are in the catalogues.
            Type codes = assembly.GetType("Next.WhatsApp.ResultCodes")!;
            Assert.Equal(112407, codes.GetField("RateLimited")!.GetValue(null));
            var info = (ResultCodeInfo)codes.GetMethod("Find")!.Invoke(null, [112407])!;
            Assert.Equal(ResultCodeOutcome.Error, info.Outcome);
            Type languages = assembly.GetType("Next.WhatsApp.TemplateLanguages")!;
            Assert.Equal("cy", languages.GetField("Welsh")!.GetValue(null));
            Assert.Equal(69, ((System.Collections.ICollection)languages.GetProperty("All")!.GetValue(null)!).Count);
            Assert.Equal("1.5.0", assembly.GetType("Next.WhatsApp.ApiDocument")!.GetField("Version")!.GetValue(null));

            // The OpenAPI document follows: the version, the new variant in the union, its schema, the new language.
            var openApi = System.Text.Json.Nodes.JsonNode.Parse((string)assembly.GetType("Next.WhatsApp.OpenApiDocument")!.GetProperty("Json")!.GetValue(null)!)!;
            Assert.Equal("1.5.0", (string)openApi["info"]!["version"]!);
            var schemas = openApi["components"]!["schemas"]!;
            Assert.Equal("#/components/schemas/StickerMessage", (string)schemas["Message"]!["discriminator"]!["mapping"]!["sticker"]!);
            Assert.Equal("sticker", (string)schemas["StickerMessage"]!["properties"]!["type"]!["const"]!);
            Assert.Equal(["type", "sticker"], schemas["StickerMessage"]!["required"]!.AsArray().Select(n => (string)n!));
            Assert.Contains("cy", schemas["Language"]!["properties"]!["code"]!["enum"]!.AsArray().Select(n => (string)n!));
        }
        finally
        {
            context.Unload();
        }
    }
}
