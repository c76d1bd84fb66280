using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>What the callback endpoint checks before a handler sees a callback.</summary>
public sealed class WhatsAppCallbackOptions
{
    /// <summary>When set (with <see cref="Password"/>), callbacks must carry these Basic credentials (configure them on the gate's URL).</summary>
    public string? Username { get; set; }

    /// <summary>The Basic authentication password; compared in constant time, never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Accept callbacks only from LINK's documented outgoing hosts (Appendix 1) and <see cref="AdditionalAllowedAddresses"/>.</summary>
    public bool RestrictToLinkHosts { get; set; }

    /// <summary>More addresses to accept when <see cref="RestrictToLinkHosts"/> is on (a proxy's, or loopback for the sandbox).</summary>
    public IList<IPAddress> AdditionalAllowedAddresses { get; } = [];

    /// <summary>The largest body read; a larger one is answered 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>Handles callbacks; implement the ones you need (the others do nothing).</summary>
public interface IWhatsAppCallbackHandler
{
    /// <summary>A message's fate: sent, delivered, failed.</summary>
    Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A message from a WhatsApp user.</summary>
    Task OnReceiveMessageAsync(ReceiveMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A message from a WhatsApp user, in the alternative format.</summary>
    Task OnAlternativeReceiveMessageAsync(AlternativeReceiveMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Remembers which deliveries were handled, so a delivery LINK repeats is handled once.</summary>
public interface ICallbackDeduplicationStore
{
    /// <summary>Claims a delivery; false when it was claimed before (a duplicate).</summary>
    ValueTask<bool> TryClaimAsync(string key, CancellationToken cancellationToken);

    /// <summary>Gives a claim back, when handling failed, so LINK's next attempt is handled.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The default store: in memory, for one process; keys are kept for <see cref="Retention"/>.</summary>
public sealed class InMemoryCallbackDeduplicationStore(TimeProvider time) : ICallbackDeduplicationStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);

    /// <summary>A store on the system clock.</summary>
    public InMemoryCallbackDeduplicationStore() : this(TimeProvider.System) { }

    /// <summary>How long a claim is remembered.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(2);

    /// <inheritdoc/>
    public ValueTask<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (_claims.Count > 10_000)
        {
            foreach (var (old, at) in _claims) if (now - at > Retention) _claims.TryRemove(old, out _);
        }
        return ValueTask.FromResult(_claims.TryAdd(key, now));
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _claims.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Registration and the endpoint.</summary>
public static partial class WhatsAppCallbackEndpoints
{
    /// <summary>Adds the callback options and the in-memory deduplication store (replace it for several instances).</summary>
    public static IServiceCollection AddWhatsAppCallbacks(this IServiceCollection services, Action<WhatsAppCallbackOptions>? configure = null)
    {
        services.AddOptions<WhatsAppCallbackOptions>().Configure(configure ?? (_ => { }));
        services.TryAddSingleton<ICallbackDeduplicationStore, InMemoryCallbackDeduplicationStore>();
        return services;
    }

    /// <summary>
    /// Maps POST <paramref name="pattern"/> for LINK's callbacks. Each is checked (address, credentials, size),
    /// read and told apart, and handed once to the registered <see cref="IWhatsAppCallbackHandler"/>.
    /// Bad input is answered 400 with problem details, never 500.
    /// </summary>
    public static IEndpointConventionBuilder MapWhatsAppCallbacks(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapPost(pattern, HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WhatsAppCallbackOptions> options, ICallbackDeduplicationStore store,
        IWhatsAppCallbackHandler handler, ILoggerFactory loggers)
    {
        WhatsAppCallbackOptions settings = options.Value;
        ILogger logger = loggers.CreateLogger("LinkMobility.WhatsApp.Callbacks");
        CancellationToken aborted = context.RequestAborted;

        if (settings.RestrictToLinkHosts && !Allowed(context.Connection.RemoteIpAddress, settings))
        {
            LogRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", "not a LINK address");
            return Results.Problem(statusCode: 403, title: "Forbidden", detail: "Callbacks are accepted only from LINK's documented addresses.");
        }
        if (settings.Username is not null && !BasicCredentials.Matches(context.Request.Headers.Authorization, settings.Username, settings.Password ?? ""))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"WhatsApp callbacks\"";
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The callback needs valid Basic credentials.");
        }

        byte[]? body = await ReadLimitedAsync(context.Request, settings.MaxBodyBytes, aborted);
        if (body is null)
        {
            return Results.Problem(statusCode: 413, title: "Payload too large", detail: $"A callback body may be at most {settings.MaxBodyBytes} bytes.");
        }

        Callback callback;
        try
        {
            callback = Callback.Parse(body);
        }
        catch (WhatsAppJsonException ex)
        {
            LogRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", ex.Message);
            return Results.Problem(statusCode: 400, title: "Malformed callback", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["path"] = ex.JsonPath, ["line"] = ex.Line, ["position"] = ex.Position });
        }

        string key = callback.DeduplicationKey!;
        if (!await store.TryClaimAsync(key, aborted))
        {
            LogDuplicate(logger, key);
            return Results.Ok();
        }
        try
        {
            switch (callback.Kind)
            {
                case CallbackKind.EventReport: await handler.OnEventReportAsync(callback.EventReport!, aborted); break;
                case CallbackKind.ReceiveMessage: await handler.OnReceiveMessageAsync(callback.ReceiveMessage!, aborted); break;
                default: await handler.OnAlternativeReceiveMessageAsync(callback.AlternativeReceiveMessage!, aborted); break;
            }
        }
        catch
        {
            // Not handled: let LINK's retry be handled, not dropped as a duplicate.
            await store.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
        return Results.Ok();
    }

    private static bool Allowed(IPAddress? address, WhatsAppCallbackOptions settings)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return OutgoingHosts.Contains(address) || settings.AdditionalAllowedAddresses.Contains(address);
    }

    /// <summary>The body, or null when it is larger than the limit (by its Content-Length or as read).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(1, LogLevel.Warning, "Callback from {Address} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string address, string reason);

    [LoggerMessage(2, LogLevel.Information, "Callback {Key} delivered again; handled before, acknowledged")]
    private static partial void LogDuplicate(ILogger logger, string key);
}
