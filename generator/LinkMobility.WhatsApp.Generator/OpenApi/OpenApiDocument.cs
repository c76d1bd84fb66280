using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Generator.Model;

namespace LinkMobility.WhatsApp.Generator.OpenApi;

/// <summary>
/// The model as an OpenAPI 3.1 document: the regions as servers, POST /messages, the callbacks as webhooks, Basic
/// authentication, and a JSON Schema (2020-12) per type carrying every rule JSON Schema can say. What it cannot say is
/// listed under x-linkmobility-rules with its LMWA code, so nothing is lost silently.
/// </summary>
internal static class OpenApiDocument
{
    private const string SchemaRef = "#/components/schemas/";
    private const string Security = "basicAuth";

    public static string Json(ContractModel model) => Build(model).ToJson();

    private static JsonObject Build(ContractModel model)
    {
        var document = new JsonObject()
            .Add("openapi", "3.1.0")
            .Add("info", new JsonObject()
                .Add("title", model.Document.Title)
                .Add("version", model.Document.Version)
                .Add("summary", $"The {model.Document.Title} {model.Document.Version} ({model.Document.Date}), generated from the LinkMobility.WhatsApp SDK's schema.yaml.")
                .Add("description", $"TLS {model.Api.Tls.Minimum} or higher is required. {model.Api.Tls.Description}")
                .Add("license", new JsonObject().Add("name", "MIT").Add("identifier", "MIT")))
            .Add("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema");

        List<object> servers = document.List("servers");
        foreach (BaseUrlModel url in model.Api.BaseUrls) servers.Add(new JsonObject().Add("url", url.Url).Add("description", $"LINK region {url.Id}"));
        document.List("security").Add(new JsonObject().Add(Security, new List<object>()));

        JsonObject paths = document.Object("paths");
        foreach (OperationModel operation in model.Api.Operations)
        {
            var responses = new JsonObject();
            foreach (ResponseModel response in operation.Responses)
            {
                responses.Add(response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), new JsonObject()
                    .Add("description", response.Case)
                    .Add("content", Json(Ref(response.Body))));
            }
            paths.Object(operation.Path).Add(operation.Method.ToLowerInvariant(), new JsonObject()
                .Add("operationId", Common.NameCase.LowerFirst(operation.Name))
                .Add("summary", Type(model, operation.Request).Description)
                .Add("requestBody", new JsonObject().Add("required", true).Add("content", Json(Ref(operation.Request))))
                .Add("responses", responses));
        }

        JsonObject webhooks = document.Object("webhooks");
        foreach (CallbackModel callback in model.Api.Callbacks)
        {
            webhooks.Add(callback.Name, new JsonObject().Add("post", new JsonObject()
                .Add("operationId", callback.Name)
                .Add("summary", callback.Description)
                .Add("security", new List<object>())
                .Add("requestBody", new JsonObject().Add("required", true).Add("content", Json(Ref(callback.Body))))
                .Add("responses", new JsonObject().Add("200", new JsonObject().Add("description", "Received; LINK does not post it again")))));
        }

        JsonObject components = document.Object("components");
        components.Object("securitySchemes").Add(Security, new JsonObject().Add("type", "http").Add("scheme", "basic"));
        var schemas = new SchemaBuilder(model);
        components.Add("schemas", schemas.All());

        document.Add("x-linkmobility-rules", schemas.NotExpressed);
        List<object> errata = document.List("x-linkmobility-errata");
        foreach (ErratumModel erratum in model.Errata)
        {
            errata.Add(new JsonObject().Add("id", erratum.Id).Add("where", erratum.Where).Add("problem", erratum.Problem).Add("resolution", erratum.Resolution));
        }
        return document;
    }

    private static TypeModel Type(ContractModel model, string name) => model.Types.First(t => t.Name == name);

    public static JsonObject Ref(string name) => new JsonObject().Add("$ref", SchemaRef + name);

    private static JsonObject Json(JsonObject schema) => new JsonObject().Add("application/json", new JsonObject().Add("schema", schema));
}
