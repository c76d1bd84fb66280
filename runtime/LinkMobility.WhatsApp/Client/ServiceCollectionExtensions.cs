using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkMobility.WhatsApp;

/// <summary>Registers the client with IHttpClientFactory, its options bound from configuration.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="WhatsAppClient"/> as a typed HttpClient, with options from <paramref name="section"/>
    /// (usually configuration.GetSection(WhatsAppClientOptions.SectionName)). The returned builder takes
    /// handlers, such as Microsoft.Extensions.Http.Resilience's, as any HttpClient does.
    /// </summary>
    public static IHttpClientBuilder AddWhatsAppClient(this IServiceCollection services, IConfiguration section) =>
        services.AddWhatsAppClient(options => section.Bind(options));

    /// <summary>Adds <see cref="WhatsAppClient"/> as a typed HttpClient, with options set in code.</summary>
    public static IHttpClientBuilder AddWhatsAppClient(this IServiceCollection services, Action<WhatsAppClientOptions> configure)
    {
        services.AddOptions<WhatsAppClientOptions>().Configure(configure).Validate(
            options => { options.ResolveBaseUrl(); return true; }, "WhatsAppClientOptions need a Region or an http(s) BaseUrl");
        return services.AddHttpClient<WhatsAppClient>();
    }
}
