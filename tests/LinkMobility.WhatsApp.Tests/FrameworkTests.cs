using Xunit;

namespace LinkMobility.WhatsApp.Tests;

public class FrameworkTests
{
    [Fact]
    public void Each_target_framework_runs_on_its_own_runtime()
    {
        // The net8.0 tests are only worth their name on the .NET 8 runtime (self-contained; tests/Directory.Build.props).
#if NET8_0
        Assert.Equal(8, Environment.Version.Major);
#else
        Assert.Equal(10, Environment.Version.Major);
#endif
    }
}
