using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>Metadata references for test compilations: this runtime's framework assemblies and the runtime package.</summary>
internal static class TestReferences
{
    public static ImmutableArray<MetadataReference> All { get; } = Load();

    public static string RepositoryRoot => Repository.Root;

    private static ImmutableArray<MetadataReference> Load()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == frameworkDirectory)
            .Append(typeof(LinkMobility.WhatsApp.Serialization.JsonRead).Assembly.Location);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
