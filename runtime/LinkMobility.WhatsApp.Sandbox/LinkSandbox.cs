using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LinkMobility.WhatsApp.Conversations;

namespace LinkMobility.WhatsApp.Sandbox;

/// <summary>
/// The WhatsApp Message API on loopback (GET /sandbox/requests and /sandbox/callbacks show what it received and posted):
/// POST {base}/messages with Basic authentication (401 and result code
/// 112400 otherwise), validation with the contract's validators (400 and 112402, the problems listed), and
/// 200 with result code 112001 and one message id per destination. Start it in a test with
/// <c>await using var sandbox = await LinkSandbox.StartAsync();</c>.
/// </summary>
public sealed partial class LinkSandbox : IAsyncDisposable
{
    /// <summary>The path of the base URL, as the real API's base URLs have it.</summary>
    public const string BasePath = "/whatsapp-message";

    private readonly WebApplication _app;
    private readonly LinkSandboxOptions _options;
    private readonly ConcurrentQueue<MessageRequest> _received = new();
    // When each user last wrote in (through the sandbox), for EnforceConversationWindow.
    private readonly InMemoryConversationWindowStore _windows = new();
    private readonly ConcurrentQueue<DeliveredCallback> _delivered = new();
    private readonly ConcurrentQueue<DeliveredCallback> _undeliverable = new();
    private readonly HttpClient _webhooks = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopping = new();
    // Callbacks on their way, and a task that completes when there are none: waiting is on that event, not a poll.
    private readonly object _pendingLock = new();
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    private LinkSandbox(WebApplication app, LinkSandboxOptions options)
    {
        _app = app;
        _options = options;
        _limits = LimitersFor(options.Limits);
    }

    /// <summary>The base URL to give the client (http on loopback; set AllowInsecureHttp).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request the sandbox accepted, in order.</summary>
    public IReadOnlyList<MessageRequest> ReceivedRequests => [.. _received];

    /// <summary>Every callback a webhook accepted, in the order they were accepted.</summary>
    public IReadOnlyList<DeliveredCallback> DeliveredCallbacks => [.. _delivered];

    /// <summary>Callbacks no webhook accepted after every attempt (kept, so nothing is lost silently).</summary>
    public IReadOnlyList<DeliveredCallback> UndeliverableCallbacks => [.. _undeliverable];

    /// <summary>Callbacks still on their way.</summary>
    public int PendingCallbacks => Volatile.Read(ref _pending);

    /// <summary>
    /// Waits until no callback is on its way: true then, false when <paramref name="timeout"/> passed first (see
    /// <see cref="PendingCallbacks"/> and <see cref="UndeliverableCallbacks"/> for what is left). Only a canceled
    /// <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<bool> WaitForCallbacksAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task idle;
        lock (_pendingLock) idle = _idle.Task;
        try
        {
            await idle.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A callback is on its way (a request's event reports, or one post to a webhook).</summary>
    private void CallbackStarted()
    {
        lock (_pendingLock)
        {
            if (_pending++ == 0) _idle = NewIdle(completed: false);
        }
    }

    /// <summary>A callback was delivered, given up on, or stopped.</summary>
    private void CallbackEnded()
    {
        lock (_pendingLock)
        {
            if (--_pending == 0) _idle.TrySetResult();
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed) idle.SetResult();
        return idle;
    }

    /// <summary>Starts a sandbox on 127.0.0.1.</summary>
    public static async Task<LinkSandbox> StartAsync(LinkSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LinkSandboxOptions();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        WebApplication app = builder.Build();
        var sandbox = new LinkSandbox(app, options);
        app.MapPost(BasePath + ApiDocument.SendMessages.Path, sandbox.SendMessagesAsync);
        MapInspection(app, sandbox);
        MapInbox(app, sandbox);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sandbox.BaseUrl = new Uri(address.TrimEnd('/') + BasePath);
        return sandbox;
    }

    /// <summary>Stops the server and any callback still on its way.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _webhooks.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_limits is not null) await _limits.DisposeAsync().ConfigureAwait(false);
    }
}
