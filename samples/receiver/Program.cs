// Receives LINK's WhatsApp callbacks on POST /whatsapp/callbacks and logs them.
// Try it with the sandbox:  dotnet run --project samples/receiver --urls http://127.0.0.1:5080
//   then: dotnet run --project samples/linkwa -- sandbox --gate my-gate=http://127.0.0.1:5080/whatsapp/callbacks
using LinkMobility.WhatsApp;
using LinkMobility.WhatsApp.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<IWhatsAppCallbackHandler, LoggingHandler>();
builder.Services.AddWhatsAppCallbacks(options => builder.Configuration.GetSection("WhatsAppCallbacks").Bind(options));

var app = builder.Build();
app.MapWhatsAppCallbacks("/whatsapp/callbacks");
app.Run();

/// <summary>Logs each callback; a real handler would update orders, answer customers, and so on.</summary>
internal sealed class LoggingHandler(ILogger<LoggingHandler> logger) : IWhatsAppCallbackHandler
{
    public Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken)
    {
        string meaning = report.ResultCode is { } code && ResultCodes.Find(code) is { } info ? info.Description : "unknown result";
        logger.LogInformation("Message {MessageId} ({RefId}): {Meaning} ({ResultCode})", report.MessageId, report.RefId, meaning, report.ResultCode);
        return Task.CompletedTask;
    }

    public Task OnReceiveMessageAsync(ReceiveMessage message, CancellationToken cancellationToken)
    {
        string text = message.Content?.Message switch
        {
            ReceiveTextMessage t => t.Text ?? "",
            ReceiveButtonMessage b => $"[button {b.Button?.Text}: {b.Button?.Payload}]",
            ReceiveMediaMessage m => $"[{m.Media?.Type} {m.Media?.Source}]",
            _ => "[a kind of message this version does not know]",
        };
        logger.LogInformation("From {Source}: {Text}", message.Source, text);
        return Task.CompletedTask;
    }
}
