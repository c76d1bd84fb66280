using System.Collections.Generic;
using System.Threading;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Roslyn;
using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Generator.Templates;

/// <summary>
/// The templates classes of referenced assemblies (a templates project of its own), which the app's module initializer
/// loads so that the client checks against their templates even before the app touches a builder.
/// </summary>
internal static class ReferencedTemplates
{
    /// <summary>The fully qualified names of the templates classes the references carry, in reference order.</summary>
    public static EquatableArray<string> Of(Compilation compilation, CancellationToken cancellationToken)
    {
        var classes = new List<string>();
        foreach (TemplateRegistryData.Entry entry in TemplateRegistryData.OfReferences(compilation))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Templates is { } templates) classes.Add(templates.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }
        return classes.ToEquatableArray();
    }
}
