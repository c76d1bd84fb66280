using LinkMobility.WhatsApp.Callbacks;
using LinkMobility.WhatsApp.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace LinkMobility.WhatsApp.Redis;

/// <summary>Registers the Redis stores in place of the in-memory ones, and a health check of the connection.</summary>
public static class WhatsAppRedisRegistration
{
    /// <summary>
    /// Uses Redis for callback deduplication, the 24-hour windows and the clients' send limits, over the application's
    /// registered <see cref="IConnectionMultiplexer"/>. Call it beside AddWhatsAppCallbacks and AddWhatsAppClient (before or after).
    /// </summary>
    /// <remarks>
    /// It replaces three services: <see cref="ICallbackDeduplicationStore"/> with <see cref="RedisCallbackDeduplicationStore"/>,
    /// <see cref="IConversationWindowStore"/> with <see cref="RedisConversationWindowStore"/>, and
    /// <see cref="Limits.WhatsAppSendLimiterProvider"/> with one whose limiters are <see cref="RedisSendLimiters"/> (used by a client whose limits are on).
    /// </remarks>
    public static IServiceCollection AddWhatsAppRedis(this IServiceCollection services, Action<WhatsAppRedisOptions>? configure = null)
    {
        services.AddOptions<WhatsAppRedisOptions>().Configure(configure ?? (_ => { }))
            .Validate(o => !string.IsNullOrEmpty(o.KeyPrefix), "WhatsAppRedisOptions.KeyPrefix is required")
            .Validate(o => o.Retention > TimeSpan.Zero && o.InFlightTimeout > TimeSpan.Zero, "WhatsAppRedisOptions.Retention and InFlightTimeout must be positive")
            .ValidateOnStart();
        services.RemoveAll<ICallbackDeduplicationStore>();
        services.RemoveAll<IConversationWindowStore>();
        services.AddSingleton<ICallbackDeduplicationStore>(sp => new RedisCallbackDeduplicationStore(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WhatsAppRedisOptions>>().Value));
        services.AddSingleton<IConversationWindowStore>(sp => new RedisConversationWindowStore(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WhatsAppRedisOptions>>().Value));
        services.RemoveAll<Limits.WhatsAppSendLimiterProvider>();
        services.AddSingleton<Limits.WhatsAppSendLimiterProvider, RedisSendLimiterProvider>();
        return services;
    }

    /// <summary>As above, connecting to <paramref name="configuration"/> (a StackExchange.Redis connection string) once, lazily.</summary>
    public static IServiceCollection AddWhatsAppRedis(this IServiceCollection services, string configuration, Action<WhatsAppRedisOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        // AbortOnConnectFail=false: the application starts while Redis is down, and the stores answer once it is back.
        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = false;
            // The .NET thread pool rather than StackExchange.Redis's own threads, where the batched claims' answers
            // would take one more hand-off: with it the --callbacks benchmark's Redis ratio was 0.52-0.54 in three
            // runs, without it 0.45-0.50 in four, taken in turns.
            options.SocketManager = SocketManager.ThreadPool;
            return ConnectionMultiplexer.Connect(options);
        });
        return services.AddWhatsAppRedis(configure);
    }

    /// <summary>A health check, "whatsapp-redis": healthy when Redis answers a PING.</summary>
    public static IHealthChecksBuilder AddWhatsAppRedis(this IHealthChecksBuilder builder, string name = "whatsapp-redis") =>
        builder.Add(new HealthCheckRegistration(name, sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>()), HealthStatus.Unhealthy, ["whatsapp", "redis"]));

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                TimeSpan latency = await redis.GetDatabase().PingAsync().ConfigureAwait(false);
                return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.0} ms");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Redis cannot be reached: " + ex.Message, ex);
            }
        }
    }
}
