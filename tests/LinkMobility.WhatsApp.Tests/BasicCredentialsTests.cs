using Xunit;

namespace LinkMobility.WhatsApp.Tests;

public class BasicCredentialsTests
{
    [Fact]
    public void The_header_the_client_sends_is_the_header_the_webhook_accepts()
    {
        string header = BasicCredentials.Header("acme", "pä:ss").ToString();
        Assert.StartsWith("Basic ", header);
        Assert.True(BasicCredentials.Matches(header, "acme", "pä:ss"));
        Assert.True(BasicCredentials.Matches("basic  " + header[6..] + " ", "acme", "pä:ss"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("BasicYWNtZTpzZWNyZXQ=")]
    [InlineData("Bearer YWNtZTpzZWNyZXQ=")]
    [InlineData("Basic not-base64!")]
    [InlineData("Basic YWNtZTpzZWNyZXQx")]  // acme:secret1
    [InlineData("Basic YWNtZTpzZWNyZQ==")]  // acme:secre
    public void Anything_but_the_exact_credentials_is_refused(string? header)
    {
        Assert.True(BasicCredentials.Matches("Basic YWNtZTpzZWNyZXQ=", "acme", "secret"));
        Assert.False(BasicCredentials.Matches(header, "acme", "secret"));
    }
}
