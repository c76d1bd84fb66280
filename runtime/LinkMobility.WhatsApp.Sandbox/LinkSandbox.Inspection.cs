using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LinkMobility.WhatsApp.Sandbox;

// GET /sandbox/requests and /sandbox/callbacks: what the sandbox received and posted, for tests that run it in
// another process (linkwa sandbox).
public sealed partial class LinkSandbox
{
    private static void MapInspection(WebApplication app, LinkSandbox sandbox)
    {
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
