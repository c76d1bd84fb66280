using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LinkMobility.WhatsApp.Sandbox;

// GET /sandbox/requests and /sandbox/callbacks: what the sandbox received and posted, for tests that run it in
// another process (linkwa sandbox); GET /openapi.json: the API's OpenAPI document.
public sealed partial class LinkSandbox
{
    private static void MapInspection(WebApplication app, LinkSandbox sandbox)
    {
        // The API it stands in for, as an OpenAPI 3.1 document (the same one linkwa openapi writes).
        byte[] openApi = System.Text.Encoding.UTF8.GetBytes(OpenApiDocument.Json);
        app.MapGet("/openapi.json", context => WriteAsync(context, 200, openApi));
        app.MapGet("/sandbox/requests", context => WriteAsync(context, 200, Json(w =>
        {
            w.WriteStartArray();
            foreach (MessageRequest request in sandbox.ReceivedRequests) request.WriteTo(w);
            w.WriteEndArray();
        })));
        app.MapGet("/sandbox/callbacks", context => WriteAsync(context, 200, Json(w =>
        {
            w.WriteStartObject();
            foreach (var (name, list) in new[] { ("delivered", sandbox.DeliveredCallbacks), ("undeliverable", sandbox.UndeliverableCallbacks) })
            {
                w.WriteStartArray(name);
                foreach (DeliveredCallback callback in list)
                {
                    w.WriteStartObject();
                    w.WriteString("gateId", callback.GateId);
                    w.WriteString("kind", callback.Kind);
                    w.WriteNumber("attempts", callback.Attempts);
                    if (callback.Failure is { } failure) w.WriteString("failure", failure);
                    w.WritePropertyName("body");
                    w.WriteRawValue(callback.Json);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteNumber("pending", sandbox.PendingCallbacks);
            w.WriteEndObject();
        })));
    }
}
