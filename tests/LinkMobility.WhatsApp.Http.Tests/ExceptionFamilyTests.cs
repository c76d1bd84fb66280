using System.Reflection;
using System.Text.Json;
using LinkMobility.WhatsApp.AspNetCore;
using LinkMobility.WhatsApp.Redis;
using LinkMobility.WhatsApp.Sandbox;
using Xunit;

namespace LinkMobility.WhatsApp.Http.Tests;

/// <summary>One exception family: every public exception of the packages is a WhatsAppException, but the two documented to keep .NET's base for their kind.</summary>
public class ExceptionFamilyTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(WhatsAppClient).Assembly, typeof(WhatsAppCallbackOptions).Assembly, typeof(RedisCampaignLedger).Assembly, typeof(LinkSandbox).Assembly,
    ];

    [Fact]
    public void Every_public_exception_of_the_packages_is_a_WhatsAppException_but_the_json_and_argument_ones()
    {
        Type[] exceptions = [.. Packages.SelectMany(a => a.GetExportedTypes()).Where(t => typeof(Exception).IsAssignableFrom(t))];
        Type[] outside = [.. exceptions.Where(t => !typeof(WhatsAppException).IsAssignableFrom(t))];

        Assert.True(exceptions.Length >= 10, string.Join(", ", exceptions.Select(t => t.Name)));
        Assert.Equal(["TemplateValueException", "WhatsAppJsonException"], outside.Select(t => t.Name).Order());
        Assert.True(typeof(JsonException).IsAssignableFrom(typeof(WhatsAppJsonException)));
        Assert.True(typeof(ArgumentException).IsAssignableFrom(typeof(Templates.TemplateValueException)));
    }

    [Fact]
    public void Only_an_unknown_outcome_may_have_been_sent()
    {
        WhatsAppException[] notSent =
        [
            new WhatsAppApiException(500, null, null),
            new WhatsAppValidationException(new ValidationResult([])),
            new Limits.WhatsAppLimitException(Limits.SendLimit.Throughput, [], null),
            new Limits.WhatsAppLimitsUnavailableException(Limits.SendLimit.PairRate, new TimeoutException()),
            new Conversations.WhatsAppConversationWindowException("+4670000000", null),
            new Campaigns.CampaignLedgerBusyException("busy"),
            new Campaigns.CampaignStoppedException("stopped", new WhatsAppApiException(401, null, null)),
        ];

        Assert.All(notSent, ex => Assert.False(ex.MayHaveBeenSent, ex.GetType().Name));
        Assert.True(new WhatsAppOutcomeUnknownException("r-1", new TimeoutException()).MayHaveBeenSent);
    }
}
