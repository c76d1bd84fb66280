using System.Net;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>The document's tables, generated from the schema.</summary>
public class CatalogueTests
{
    [Fact]
    public void The_document_version_is_exposed()
    {
        Assert.Equal("1.4.2", ApiDocument.Version);
        Assert.Equal("2020-10-15", ApiDocument.Date);
        Assert.Equal(new Version(1, 2), ApiDocument.MinimumTlsVersion);
        Assert.Equal("basic", ApiDocument.Authentication);
    }

    [Fact]
    public void Result_codes_have_their_meaning()
    {
        Assert.Equal(14, ResultCodes.All.Count);
        Assert.Equal(112404, ResultCodes.InvalidContact);

        ResultCodeInfo delivered = ResultCodes.Find(112003)!;
        Assert.Equal(("Delivered", "Delivered.", "The message is delivered.", ResultCodeOutcome.Success, true),
            (delivered.Name, delivered.Description, delivered.Explanation, delivered.Outcome, delivered.IsFinal));
        Assert.False(ResultCodes.Find(ResultCodes.Sent)!.IsFinal);
        Assert.Equal(ResultCodeOutcome.Failure, ResultCodes.Find(ResultCodes.NotDelivered)!.Outcome);
        Assert.Equal(ResultCodeOutcome.Error, ResultCodes.Find(ResultCodes.Unauthorized)!.Outcome);
        Assert.Null(ResultCodes.Find(200));
        Assert.All(ResultCodes.All, code => Assert.Same(code, ResultCodes.Find(code.Code)));
    }

    [Fact]
    public void Languages_are_the_68_of_the_document_with_their_codes()
    {
        Assert.Equal(68, TemplateLanguages.All.Count);
        Assert.Equal("zh_TW", TemplateLanguages.ChineseTAI);
        Assert.Equal("en_US", TemplateLanguages.EnglishUS);
        Assert.Equal("nb", TemplateLanguages.Norwegian);
        Assert.Equal("Portuguese (POR)", TemplateLanguages.Find("pt_PT")!.Name);
        Assert.True(TemplateLanguages.IsSupported("fil"));
        Assert.False(TemplateLanguages.IsSupported("en-US"));
        Assert.False(TemplateLanguages.IsSupported(null));
    }

    [Fact]
    public void Base_urls_and_regions()
    {
        Assert.Equal(5, BaseUrls.All.Count);
        Assert.Equal(new Uri("https://deb.linkmobility.io/whatsapp-message"), BaseUrls.For(LinkRegion.Deb));
        Assert.All(BaseUrls.All, url => Assert.Equal("https", url.Scheme));
    }

    [Fact]
    public void Outgoing_hosts_of_appendix_1()
    {
        Assert.Equal(36, OutgoingHosts.All.Count);
        Assert.True(OutgoingHosts.Contains(IPAddress.Parse("217.163.95.201")));
        Assert.True(OutgoingHosts.Contains(IPAddress.Parse("::ffff:62.67.62.68")));
        Assert.False(OutgoingHosts.Contains(IPAddress.Loopback));
        Assert.Equal("s6.deb.linkmobility.io", OutgoingHosts.All[^1].HostName);
    }

    [Fact]
    public void The_operation_table()
    {
        ApiOperation send = Assert.Single(ApiDocument.Operations);
        Assert.Equal(("POST", "/messages", typeof(MessageRequest)), (send.Method, send.Path, send.RequestType));
        Assert.Equal([200, 403, 400, 401, 500], send.Responses.Select(r => r.Status));
        Assert.Equal(typeof(MessageResponse), send.Responses[0].BodyType);
        Assert.All(send.Responses.Skip(1), r => Assert.Equal(typeof(ErrorResponse), r.BodyType));
    }

    [Fact]
    public void Errata_are_recorded()
    {
        Assert.True(ApiDocument.Errata.Count >= 11);
        Assert.Contains(ApiDocument.Errata, e => e.Where == "Phone" && e.Problem.Contains("wald"));
    }
}
