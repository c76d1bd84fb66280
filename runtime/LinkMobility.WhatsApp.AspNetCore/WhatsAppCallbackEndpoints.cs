using LinkMobility.WhatsApp.Callbacks;
using LinkMobility.WhatsApp.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>Registration and the endpoint (its handling of one callback is in WhatsAppCallbackEndpoints.Handling.cs).</summary>
public static partial class WhatsAppCallbackEndpoints
{
    /// <summary>Adds the callback options and the in-memory deduplication store (replace it for several instances).</summary>
    public static IServiceCollection AddWhatsAppCallbacks(this IServiceCollection services, Action<WhatsAppCallbackOptions>? configure = null)
    {
        services.AddOptions<WhatsAppCallbackOptions>().Configure(configure ?? (_ => { }))
            .Validate(o => o.MaxBodyBytes > 0, "WhatsAppCallbackOptions.MaxBodyBytes must be positive")
            .Validate(o => (o.Username is null) == (o.Password is null), "WhatsAppCallbackOptions.Username and Password are set together (Basic credentials), or neither")
            .ValidateOnStart();
        services.TryAddSingleton<ICallbackDeduplicationStore, InMemoryCallbackDeduplicationStore>();
        // A message from a number opens its 24-hour window; the client checks the same store.
        services.TryAddSingleton<IConversationWindowStore, InMemoryConversationWindowStore>();
        return services;
    }

    /// <summary>
    /// Maps POST <paramref name="pattern"/> for LINK's callbacks. Each is checked (address, credentials, size),
    /// read and told apart, and handed once to the registered <see cref="IWhatsAppCallbackHandler"/>.
    /// Bad input is answered 400 with problem details, never 500.
    /// </summary>
    /// <exception cref="InvalidOperationException">AddWhatsAppCallbacks was not called.</exception>
    public static IEndpointConventionBuilder MapWhatsAppCallbacks(this IEndpointRouteBuilder endpoints, string pattern)
    {
        IServiceProvider services = endpoints.ServiceProvider;
        if (services.GetService<ICallbackDeduplicationStore>() is not { } store || services.GetService<IConversationWindowStore>() is not { } windows)
        {
            throw new InvalidOperationException("MapWhatsAppCallbacks needs services.AddWhatsAppCallbacks() first.");
        }
        if (services.GetService<IServiceProviderIsService>() is { } known && !known.IsService(typeof(IWhatsAppCallbackHandler)))
        {
            throw new InvalidOperationException("MapWhatsAppCallbacks needs a registered IWhatsAppCallbackHandler (services.AddSingleton<IWhatsAppCallbackHandler, YourHandler>(), or scoped).");
        }
        // The stores, options and logger are singletons, found once here; the handler is found per request, as it may be scoped.
        var endpoint = new CallbackEndpoint(
            services.GetRequiredService<IOptions<WhatsAppCallbackOptions>>(),
            store,
            windows,
            services.GetRequiredService<ILogger<WhatsAppCallbackEndpoint>>());
        return endpoints.MapPost(pattern, async context =>
        {
            IResult result = await HandleAsync(context, endpoint);
            await result.ExecuteAsync(context);
        });
    }

    /// <summary>The singletons every callback is handled with.</summary>
    private sealed record CallbackEndpoint(
        IOptions<WhatsAppCallbackOptions> Options,
        ICallbackDeduplicationStore Store,
        IConversationWindowStore Windows,
        ILogger Logger);
}
