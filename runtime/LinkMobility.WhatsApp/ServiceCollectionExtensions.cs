using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkMobility.WhatsApp;

/// <summary>Registers the client with IHttpClientFactory, its options bound from configuration.</summary>
public static class ServiceCollectionExtensions
{
    // Configuration's binder reflects over the options; an AOT app binds with the binder's source generator
    // (EnableConfigurationBindingGenerator), which takes over this call, or sets the options in code.
    private const string ReflectionBinding = "Binds the options from configuration by reflection; in a trimmed or AOT app, set EnableConfigurationBindingGenerator or use the overload that takes an Action<WhatsAppClientOptions>.";

    /// <summary>
    /// Adds <see cref="WhatsAppClient"/> as a typed HttpClient, with options from <paramref name="section"/>
    /// (usually configuration.GetSection(WhatsAppClientOptions.SectionName)). The returned builder takes
    /// handlers, such as Microsoft.Extensions.Http.Resilience's, as any HttpClient does.
    /// </summary>
    [RequiresUnreferencedCode(ReflectionBinding), RequiresDynamicCode(ReflectionBinding)]
    public static IHttpClientBuilder AddWhatsAppClient(this IServiceCollection services, IConfiguration section) =>
        services.AddWhatsAppClient(options => section.Bind(options));

    /// <summary>
    /// Adds a named client, for one of several accounts (platformId/platformPartnerId pairs), with options from
    /// <paramref name="section"/>. Get it with <see cref="IWhatsAppClientFactory"/>.CreateClient(<paramref name="name"/>).
    /// </summary>
    [RequiresUnreferencedCode(ReflectionBinding), RequiresDynamicCode(ReflectionBinding)]
    public static IHttpClientBuilder AddWhatsAppClient(this IServiceCollection services, string name, IConfiguration section) =>
        services.AddWhatsAppClient(name, options => section.Bind(options));

    /// <summary>Adds a named client with options set in code; see the overload with configuration.</summary>
    public static IHttpClientBuilder AddWhatsAppClient(this IServiceCollection services, string name, Action<WhatsAppClientOptions> configure)
    {
        services.AddOptions<WhatsAppClientOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddSingleton<IWhatsAppClientFactory, WhatsAppClientFactory>();
        AddShared(services);
        return services.AddHttpClient(WhatsAppClientFactory.HttpClientName(name)).ConfigurePrimaryHttpMessageHandler(WhatsAppClient.CreateHandler);
    }

    /// <summary>Adds <see cref="WhatsAppClient"/> as a typed HttpClient, with options set in code.</summary>
    public static IHttpClientBuilder AddWhatsAppClient(this IServiceCollection services, Action<WhatsAppClientOptions> configure)
    {
        // Checked when the application starts (WhatsAppClientOptionsValidator, in AddShared).
        services.AddOptions<WhatsAppClientOptions>().Configure(configure).ValidateOnStart();
        AddShared(services);
        // A send is never redirected: the handler does not follow 3xx answers.
        return services.AddHttpClient<WhatsAppClient>().ConfigurePrimaryHttpMessageHandler(WhatsAppClient.CreateHandler);
    }

    /// <summary>What every client shares, registered once whichever overload comes first.</summary>
    private static void AddShared(IServiceCollection services)
    {
        // Checked when the application starts, each failure naming its setting.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WhatsAppClientOptions>, WhatsAppClientOptionsValidator>());
        // The windows the callback endpoint records and the client checks: one store for both.
        services.TryAddSingleton<Conversations.IConversationWindowStore, Conversations.InMemoryConversationWindowStore>();
        // The clock of the clients' waits and windows, and of the in-memory stores: register a FakeTimeProvider to test them.
        services.TryAddSingleton(TimeProvider.System);
        // The clients' limiters, made once per client and disposed with the provider; AddWhatsAppRedis replaces it.
        services.TryAddSingleton<Limits.WhatsAppSendLimiterProvider>(sp => new Limits.WhatsAppSendLimiterProvider(sp.GetService<TimeProvider>()));
    }
}

/// <summary>Makes the named clients added with AddWhatsAppClient(name, …), one per account.</summary>
public interface IWhatsAppClientFactory
{
    /// <summary>The client for the account registered under <paramref name="name"/>.</summary>
    WhatsAppClient CreateClient(string name);
}

internal sealed class WhatsAppClientFactory(IHttpClientFactory http, IOptionsMonitor<WhatsAppClientOptions> options, ILoggerFactory? loggers = null,
    Conversations.IConversationWindowStore? windows = null, TimeProvider? time = null, Limits.WhatsAppSendLimiterProvider? limiters = null) : IWhatsAppClientFactory
{
    public static string HttpClientName(string name) => "LinkMobility.WhatsApp:" + name;

    public WhatsAppClient CreateClient(string name)
    {
        WhatsAppClientOptions settings = options.Get(name);
        settings.ConversationWindows ??= windows;
        return new(http.CreateClient(HttpClientName(name)), settings, loggers?.CreateLogger<WhatsAppClient>(), time, WhatsAppClient.LimitersOf(limiters, name, settings));
    }
}
