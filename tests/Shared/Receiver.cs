using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LinkMobility.WhatsApp.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>Records what the handlers saw.</summary>
internal sealed class Recorder : IWhatsAppCallbackHandler
{
    public ConcurrentQueue<object> Seen { get; } = new();

    public int FailNext;

    /// <summary>When set, an event report's handler says it has started, then waits for the gate before going on.</summary>
    public HoldGate? Hold;

    public async Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref Hold, null) is { } hold)
        {
            hold.Entered.SetResult();
            await hold.Gate.Task;
        }
        if (Interlocked.Exchange(ref FailNext, 0) == 1) throw new InvalidOperationException("the handler failed");
        Seen.Enqueue(report);
    }

    public Task OnReceiveMessageAsync(ReceiveMessage message, CancellationToken cancellationToken)
    {
        Seen.Enqueue(message);
        return Task.CompletedTask;
    }

    public Task OnAlternativeReceiveMessageAsync(AlternativeReceiveMessage message, CancellationToken cancellationToken)
    {
        Seen.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>A handler's start (it sets <see cref="Entered"/>) and the gate it waits for.</summary>
internal sealed record HoldGate(TaskCompletionSource Entered, TaskCompletionSource Gate);

internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Receiver(WebApplication app, Recorder recorder)
    {
        _app = app;
        Recorder = recorder;
    }

    public Recorder Recorder { get; }

    /// <summary>The receiver app's services (its stores, for tests).</summary>
    public IServiceProvider Services => _app.Services;

    public Uri Url { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public static async Task<Receiver> StartAsync(Action<WhatsAppCallbackOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var recorder = new Recorder();
        builder.Services.AddSingleton<IWhatsAppCallbackHandler>(recorder);
        builder.Services.AddProblemDetails();
        builder.Services.AddWhatsAppCallbacks(configure);
        services?.Invoke(builder.Services);
        WebApplication app = builder.Build();
        app.MapWhatsAppCallbacks("/whatsapp/callbacks");
        await app.StartAsync();
        var receiver = new Receiver(app, recorder);
        receiver.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/whatsapp/callbacks");
        return receiver;
    }

    public Task<HttpResponseMessage> PostAsync(string body, string? user = null, string? password = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (user is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
