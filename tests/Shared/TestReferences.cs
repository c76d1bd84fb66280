using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Testing;

/// <summary>Metadata references for test compilations: this runtime's framework assemblies and the runtime package.</summary>
internal static class TestReferences
{
    public static ImmutableArray<MetadataReference> All { get; } = Load();

    /// <summary>The repository's root: the first folder above the test output that holds schema/schema.yaml.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static ImmutableArray<MetadataReference> Load()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == frameworkDirectory)
            .Append(typeof(LinkMobility.WhatsApp.Serialization.JsonRead).Assembly.Location);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "schema", "schema.yaml"))) return directory.FullName;
        }
        throw new InvalidOperationException("The tests run outside the repository: no schema/schema.yaml above " + AppContext.BaseDirectory);
    }
}
