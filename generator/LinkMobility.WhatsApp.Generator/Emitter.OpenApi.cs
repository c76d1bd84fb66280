using LinkMobility.WhatsApp.Generator.Model;

using static LinkMobility.WhatsApp.Generator.CSharpText;

namespace LinkMobility.WhatsApp.Generator;

internal static partial class Emitter
{
    /// <summary>The OpenAPI 3.1 document of the model, as one string constant: linkwa writes it, the sandbox serves it.</summary>
    private static void EmitOpenApi(IndentedWriter writer, ContractModel model)
    {
        Doc(writer, $"The {model.Document.Title} {model.Document.Version} as an OpenAPI 3.1 document with a JSON Schema (2020-12) per type, generated from schema.yaml: what tools other than this SDK read (Redocly, Prism, Kiota, any JSON Schema validator).");
        writer.Line(GeneratedCode);
        using (writer.Block("public static class OpenApiDocument"))
        {
            Doc(writer, "The document, as indented JSON (the same schema gives the same bytes).");
            writer.Line($"public static string Json {{ get; }} = {Literal(OpenApi.OpenApiDocument.Json(model))};");
        }
    }
}
