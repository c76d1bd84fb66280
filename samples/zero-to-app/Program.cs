// The Program.cs of the README's "From zero to a working app": a new ASP.NET Core app (dotnet new web) with the
// client and the callback endpoint, against the LINK sandbox on this machine. It sends one message and stops once
// its delivery report has come in. PackageTests runs these steps as a new user would.
using System.Net;
using LinkMobility.WhatsApp;
using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The sandbox stands in for LINK: same API, on loopback, user and password "sandbox".
var sandboxOptions = new LinkSandboxOptions();
await using LinkSandbox sandbox = await LinkSandbox.StartAsync(sandboxOptions);

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
builder.Services.AddWhatsAppClient(o =>
{
    o.BaseUrl = sandbox.BaseUrl;   // with a LINK account: o.Region = LinkRegion.NEu, and your credentials
    o.Username = "sandbox";
    o.Password = "sandbox";
    o.AllowInsecureHttp = true;    // the sandbox is plain HTTP on loopback
});
builder.Services.AddWhatsAppCallbacks();
builder.Services.AddSingleton<DeliveryReports>();
builder.Services.AddSingleton<IWhatsAppCallbackHandler>(sp => sp.GetRequiredService<DeliveryReports>());

var app = builder.Build();
app.MapWhatsAppCallbacks("/callbacks");
await app.StartAsync();

// LINK posts event reports to the gates configured for your account; here the sandbox's gate is this app.
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
sandboxOptions.Gates["my-gate"] = new Uri(address + "/callbacks");

MessageResponse response = await app.Services.GetRequiredService<WhatsAppClient>().SendAsync(new MessageRequest
{
    PlatformId = "my-platform", PlatformPartnerId = "my-partner", RefId = "order-42", Priority = Priority.Normal,
    Source = "+46700000000", Destinations = ["+46700000001"], EventReportGates = ["my-gate"],
    Messages = [new TextMessage { Text = new() { Body = "Your order has shipped" } }],
});
Console.WriteLine($"sent {response.MessageIds![0]}");

EventReport delivered = await app.Services.GetRequiredService<DeliveryReports>().Delivered.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"delivered {delivered.MessageId}: {ResultCodes.Find(delivered.ResultCode!.Value)?.Description}");
await app.StopAsync();

/// <summary>Handles event reports: here, waits for the first "delivered".</summary>
internal sealed class DeliveryReports : IWhatsAppCallbackHandler
{
    private readonly TaskCompletionSource<EventReport> _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<EventReport> Delivered => _delivered.Task;

    public Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken)
    {
        if (report.ResultCode == ResultCodes.Delivered) _delivered.TrySetResult(report);
        return Task.CompletedTask;
    }
}
