using LinkMobility.WhatsApp.Campaigns;
using Microsoft.Extensions.DependencyInjection;

namespace LinkMobility.WhatsApp.AspNetCore;

/// <summary>
/// Your callback handler, with event reports recorded in the campaign ledger first: a campaign's rows move from sent to
/// delivered or failed, and an unknown row to sent, by the report's refId. A report the ledger cannot record (its Redis
/// is down) fails the callback, so LINK retries it; a report for no campaign goes to your handler alone.
/// </summary>
internal sealed class CampaignReportHandler(IWhatsAppCallbackHandler inner, ICampaignLedger ledger) : IWhatsAppCallbackHandler
{
    public async Task OnEventReportAsync(EventReport report, CancellationToken cancellationToken)
    {
        await ledger.RecordReportAsync(report, cancellationToken).ConfigureAwait(false);
        await inner.OnEventReportAsync(report, cancellationToken).ConfigureAwait(false);
    }

    public Task OnReceiveMessageAsync(ReceiveMessage message, CancellationToken cancellationToken) => inner.OnReceiveMessageAsync(message, cancellationToken);

    public Task OnAlternativeReceiveMessageAsync(AlternativeReceiveMessage message, CancellationToken cancellationToken) =>
        inner.OnAlternativeReceiveMessageAsync(message, cancellationToken);

    /// <summary>A handler that does nothing, for an endpoint that only tracks campaigns.</summary>
    internal sealed class None : IWhatsAppCallbackHandler;
}

/// <summary>Registration of campaign tracking by event reports.</summary>
public static class CampaignReportRegistration
{
    /// <summary>
    /// Records each event report in the registered <see cref="ICampaignLedger"/> (LinkMobility.WhatsApp.Redis's, say)
    /// before your <see cref="IWhatsAppCallbackHandler"/> sees it, which it wraps as it is registered (call this after
    /// registering it; without one, reports are only recorded). Your handler does not change.
    /// </summary>
    public static IServiceCollection AddWhatsAppCampaignReports(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        ServiceDescriptor? yours = services.LastOrDefault(d => d.ServiceType == typeof(IWhatsAppCallbackHandler) && !d.IsKeyedService);
        if (yours is not null) services.Remove(yours);
        ServiceLifetime lifetime = yours?.Lifetime ?? ServiceLifetime.Singleton;
        services.Add(new ServiceDescriptor(typeof(IWhatsAppCallbackHandler),
            sp => new CampaignReportHandler(Create(sp, yours), sp.GetRequiredService<ICampaignLedger>()), lifetime));
        return services;
    }

    private static IWhatsAppCallbackHandler Create(IServiceProvider services, ServiceDescriptor? yours) => yours switch
    {
        null => new CampaignReportHandler.None(),
        { ImplementationInstance: IWhatsAppCallbackHandler instance } => instance,
        { ImplementationFactory: { } factory } => (IWhatsAppCallbackHandler)factory(services),
        _ => (IWhatsAppCallbackHandler)ActivatorUtilities.CreateInstance(services, yours.ImplementationType!),
    };
}
