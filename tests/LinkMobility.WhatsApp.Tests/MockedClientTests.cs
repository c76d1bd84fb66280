using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>A user's service, tested with WhatsAppClient mocked (docs/sending.md shows this test): no HTTP server, no sandbox.</summary>
public class MockedClientTests
{
    /// <summary>The user's service: tells a customer that their order shipped, and what became of the message.</summary>
    public sealed class ShippingNotifier(WhatsAppClient whatsApp)
    {
        public async Task<string> NotifyAsync(string phone, string order, CancellationToken cancellationToken = default)
        {
            var request = new MessageRequest
            {
                PlatformId = "platform", PlatformPartnerId = "partner", RefId = "shipped-" + order, Priority = Priority.Normal,
                Source = "+46700000000", Destinations = [phone],
                Messages = [new TextMessage { Text = new() { Body = $"Order {order} has shipped." } }],
            };
            try
            {
                MessageResponse response = await whatsApp.SendAsync(request, cancellationToken);
                return "sent " + response.MessageIds![0];
            }
            catch (WhatsAppException ex) when (!ex.MayHaveBeenSent)
            {
                return "not sent";
            }
            catch (WhatsAppException)
            {
                return "may have gone out";
            }
        }
    }

    [Fact]
    public async Task A_service_is_tested_with_the_client_substituted()
    {
        var whatsApp = Substitute.For<WhatsAppClient>();
        whatsApp.SendAsync(Arg.Any<MessageRequest>(), Arg.Any<CancellationToken>())
            .Returns(new MessageResponse { ResultCode = 1005, MessageIds = ["m-1"] });

        string said = await new ShippingNotifier(whatsApp).NotifyAsync("+46700000001", "42");

        Assert.Equal("sent m-1", said);
        await whatsApp.Received(1).SendAsync(
            Arg.Is<MessageRequest>(r => r.RefId == "shipped-42" && r.Destinations!.Single() == "+46700000001"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_mocked_client_throws_the_SDK_s_exceptions_and_the_service_tells_what_may_have_gone_out()
    {
        var whatsApp = Substitute.For<WhatsAppClient>();
        whatsApp.SendAsync(Arg.Is<MessageRequest>(r => r.RefId == "shipped-1"), Arg.Any<CancellationToken>())
            .ThrowsAsync(new WhatsAppApiException(403, null, null));
        whatsApp.SendAsync(Arg.Is<MessageRequest>(r => r.RefId == "shipped-2"), Arg.Any<CancellationToken>())
            .ThrowsAsync(new WhatsAppOutcomeUnknownException("shipped-2", new TimeoutException()));
        var notifier = new ShippingNotifier(whatsApp);

        Assert.Equal("not sent", await notifier.NotifyAsync("+46700000001", "1"));
        Assert.Equal("may have gone out", await notifier.NotifyAsync("+46700000001", "2"));
    }

    private sealed class Bare : WhatsAppClient;

    [Fact]
    public async Task A_member_a_double_does_not_override_says_so_rather_than_send()
    {
        var bare = new Bare();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => bare.SendAsync(new MessageRequest
        {
            PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal, Source = "+46700000000", Destinations = ["+46700000001"], Messages = [new TextMessage { Text = new() { Body = "Hi" } }],
        }));
        Assert.Contains("override the member the test calls", ex.Message);
        Assert.Throws<InvalidOperationException>(() => bare.SendUri);
    }
}
