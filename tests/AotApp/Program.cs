using System.Diagnostics;
using System.Net;
using LinkMobility.WhatsApp;
using LinkMobility.WhatsApp.AspNetCore;

// aotapp SANDBOX_URL CALLBACK_PORT: sends a text to the sandbox, which posts its event reports to gate-1, this app's
// callback endpoint on CALLBACK_PORT; prints what happened and exits 0 once the message is reported delivered.
if (args.Length != 2 || !Uri.TryCreate(args[0], UriKind.Absolute, out Uri? sandbox) || !int.TryParse(args[1], out int port))
{
    Console.Error.WriteLine("usage: aotapp SANDBOX_URL CALLBACK_PORT");
    return 2;
}
var started = Stopwatch.StartNew();
var delivered = new TaskCompletionSource<EventReport>(TaskCreationOptions.RunContinuationsAsynchronously);

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
builder.Services.AddWhatsAppCallbacks();
builder.Services.AddSingleton<IWhatsAppCallbackHandler>(new Reports(delivered));
builder.Services.AddWhatsAppClient(o =>
{
    o.BaseUrl = sandbox;
    o.Username = "sandbox";
    o.Password = "sandbox";
    o.AllowInsecureHttp = true;
});
WebApplication app = builder.Build();
app.MapWhatsAppCallbacks("/callbacks");
await app.StartAsync();
Console.WriteLine($"ready {started.Elapsed.TotalMilliseconds:0} ms");

var request = new MessageRequest
{
    PlatformId = "platform", PlatformPartnerId = "partner", RefId = "aot-1", Priority = Priority.Normal, Source = "+46700000000",
    Destinations = ["+46700000001"], EventReportGates = ["gate-1"],
    Messages = [new TextMessage { Text = new() { Body = "Sent from a Native AOT app" } }],
};
MessageResponse response = await app.Services.GetRequiredService<WhatsAppClient>().SendAsync(request);
Console.WriteLine($"sent {response.MessageIds![0]}");
EventReport report = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
// The callback endpoint read it (Callback.Parse) and handed it over typed.
Console.WriteLine($"delivered {report.MessageId} {report.ResultCode} {ResultCodes.Find(report.ResultCode!.Value)?.Outcome}");
await app.StopAsync();
return 0;

internal sealed class Reports(TaskCompletionSource<EventReport> delivered) : IWhatsAppCallbackHandler
{
    public Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken)
    {
        if (report.ResultCode == ResultCodes.Delivered) delivered.TrySetResult(report);
        return Task.CompletedTask;
    }
}
