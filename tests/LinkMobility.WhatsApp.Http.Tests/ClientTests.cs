using LinkMobility.WhatsApp.Sandbox;
using Polly;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>The client against the sandbox, over real HTTP on loopback.</summary>
public class ClientTests
{
    internal static MessageRequest Request(params string[] destinations) => new()
    {
        PlatformId = "platform", PlatformPartnerId = "partner", RefId = "order-42", Priority = Priority.Normal,
        Source = "+46700000000",
        Destinations = destinations.Length > 0 ? [.. destinations] : ["+46700000001", "+46700000002"],
        Messages = [new TextMessage { Text = new() { Body = "Your order has shipped" } }],
    };

    private static WhatsAppClient Client(Uri baseUrl, string password = "sandbox", bool validate = true) =>
        new(new HttpClient(), new WhatsAppClientOptions
        {
            BaseUrl = baseUrl, Username = "sandbox", Password = password, AllowInsecureHttp = true, ValidateBeforeSend = validate,
        });

    [Fact]
    public async Task A_valid_request_is_queued_with_one_message_id_per_destination()
    {
        await using var sandbox = await LinkSandbox.StartAsync();
        MessageResponse response = await Client(sandbox.BaseUrl).SendAsync(Request("+46700000001", "+46700000002", "+46700000003"));

        Assert.Equal(ResultCodes.Queued, response.ResultCode);
        Assert.Equal(3, response.MessageIds!.Count);
        Assert.All(response.MessageIds, id => Assert.Matches("^[0-9A-Za-z]{22}$", id));
        Assert.Equal("order-42", Assert.Single(sandbox.ReceivedRequests).RefId);
    }

    [Fact]
    public async Task Wrong_credentials_give_a_typed_401_that_never_shows_the_password()
    {
        await using var sandbox = await LinkSandbox.StartAsync();
        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => Client(sandbox.BaseUrl, password: "s3cret-value").SendAsync(Request()));

        Assert.Equal(401, ex.StatusCode);
        Assert.Equal(ResultCodes.Unauthorized, ex.ResultCode);
        Assert.Equal(ResultCodeOutcome.Error, ex.ResultCodeInfo!.Outcome);
        Assert.Contains("result code 112400", ex.Message);
        Assert.DoesNotContain("s3cret-value", ex.ToString());
        Assert.False(ex.MayHaveBeenSent);
        Assert.Empty(sandbox.ReceivedRequests);
    }

    [Fact]
    public async Task An_invalid_request_never_leaves()
    {
        await using var sandbox = await LinkSandbox.StartAsync();
        var ex = await Assert.ThrowsAsync<WhatsAppValidationException>(() => Client(sandbox.BaseUrl).SendAsync(Request("12")));

        Assert.Contains(ex.Result.Errors, p => p.Code == "LMWA1008" && p.Path == "destinations[0]");
        Assert.Contains("destinations[0]: LMWA1008", ex.Message);
        Assert.Empty(sandbox.ReceivedRequests);
    }

    [Fact]
    public async Task With_validation_off_the_sandbox_answers_400_with_the_problems()
    {
        await using var sandbox = await LinkSandbox.StartAsync();
        var ex = await Assert.ThrowsAsync<WhatsAppApiException>(() => Client(sandbox.BaseUrl, validate: false).SendAsync(Request("12")));

        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(ResultCodes.BadRequest, ex.ResultCode);
        Assert.Contains("destinations[0]: LMWA1008", ex.Error!.TranslatedDescription);
    }

    [Fact]
    public void Plain_http_is_refused_unless_allowed_and_options_hide_the_password()
    {
        var options = new WhatsAppClientOptions { BaseUrl = new Uri("http://127.0.0.1:1/whatsapp-message"), Username = "u", Password = "s3cret-value" };
        var ex = Assert.Throws<InvalidOperationException>(() => new WhatsAppClient(new HttpClient(), options));
        Assert.Contains("requires TLS 1.2 or higher", ex.Message);
        Assert.DoesNotContain("s3cret-value", options.ToString());

        Assert.Throws<InvalidOperationException>(() => new WhatsAppClient(new HttpClient(), new WhatsAppClientOptions()));
        Assert.Equal(new Uri("https://no.linkmobility.io/whatsapp-message/messages"),
            new WhatsAppClient(new HttpClient(), new WhatsAppClientOptions { Region = LinkRegion.No }).SendUri);
    }

    [Fact]
    public async Task Named_clients_send_for_their_own_accounts()
    {
        var first = new LinkSandboxOptions { Username = "account-a", Password = "secret-a" };
        var second = new LinkSandboxOptions { Username = "account-b", Password = "secret-b" };
        await using var sandboxA = await LinkSandbox.StartAsync(first);
        await using var sandboxB = await LinkSandbox.StartAsync(second);
        var services = new ServiceCollection().AddLogging();
        services.AddWhatsAppClient("a", o => { o.BaseUrl = sandboxA.BaseUrl; o.Username = "account-a"; o.Password = "secret-a"; o.AllowInsecureHttp = true; });
        services.AddWhatsAppClient("b", o => { o.BaseUrl = sandboxB.BaseUrl; o.Username = "account-b"; o.Password = "secret-b"; o.AllowInsecureHttp = true; });
        await using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IWhatsAppClientFactory>();

        await factory.CreateClient("a").SendAsync(Request());
        await factory.CreateClient("b").SendAsync(Request());
        await factory.CreateClient("b").SendAsync(Request());
        Assert.Equal((1, 2), (sandboxA.ReceivedRequests.Count, sandboxB.ReceivedRequests.Count));
    }

    [Fact]
    public async Task The_client_works_with_a_resilience_pipeline()
    {
        await using var sandbox = await LinkSandbox.StartAsync();
        var services = new ServiceCollection().AddLogging();
        // A timeout and a circuit breaker, but no retry: sending is not idempotent, and the client retries where it is safe.
        services.AddWhatsAppClient(o => { o.BaseUrl = sandbox.BaseUrl; o.Username = "sandbox"; o.Password = "sandbox"; o.AllowInsecureHttp = true; })
            .AddResilienceHandler("whatsapp", pipeline => pipeline
                .AddTimeout(TimeSpan.FromSeconds(10))
                .AddCircuitBreaker(new Microsoft.Extensions.Http.Resilience.HttpCircuitBreakerStrategyOptions()));
        await using ServiceProvider provider = services.BuildServiceProvider();

        MessageResponse response = await provider.GetRequiredService<WhatsAppClient>().SendAsync(Request());
        Assert.Equal(2, response.MessageIds!.Count);
    }

    [Fact]
    public async Task The_client_comes_from_dependency_injection_with_options_from_configuration()
    {
        await using var sandbox = await LinkSandbox.StartAsync();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LinkMobility:WhatsApp:BaseUrl"] = sandbox.BaseUrl.ToString(),
            ["LinkMobility:WhatsApp:Username"] = "sandbox",
            ["LinkMobility:WhatsApp:Password"] = "sandbox",
            ["LinkMobility:WhatsApp:AllowInsecureHttp"] = "true",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddWhatsAppClient(configuration.GetSection(WhatsAppClientOptions.SectionName));
        await using ServiceProvider provider = services.BuildServiceProvider();

        MessageResponse response = await provider.GetRequiredService<WhatsAppClient>().SendAsync(Request());
        Assert.Equal(2, response.MessageIds!.Count);
    }
}
