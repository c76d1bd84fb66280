using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Roslyn;

/// <summary>
/// The TemplateRegistryData attributes the templates generator writes on an assembly: in the compilation itself, and in
/// the referenced assemblies built against the contract (a templates project of its own, which the app references).
/// </summary>
internal static class TemplateRegistryData
{
    private const string ContractAssembly = "LinkMobility.WhatsApp";
    private const string AttributeName = "TemplateRegistryDataAttribute";
    private const string AttributeNamespace = "LinkMobility.WhatsApp.Templates";
    private const string TemplatesArgument = "Templates";

    /// <summary>One attribute: the registry's compact definitions, and the generated class that holds them (when named and public).</summary>
    public readonly struct Entry(string definitions, INamedTypeSymbol? templates)
    {
        public string Definitions { get; } = definitions;

        public INamedTypeSymbol? Templates { get; } = templates;
    }

    /// <summary>The attributes of the referenced assemblies, in reference order.</summary>
    public static List<Entry> OfReferences(Compilation compilation)
    {
        var entries = new List<Entry>();
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            // Only an assembly built against the contract can carry templates: the others' attributes are never read.
            if (References(assembly, ContractAssembly)) Add(assembly, entries);
        }
        return entries;
    }

    /// <summary>The attributes of the compilation's own assembly (what its templates generator wrote).</summary>
    public static List<Entry> OfAssembly(IAssemblySymbol assembly)
    {
        var entries = new List<Entry>();
        Add(assembly, entries);
        return entries;
    }

    private static void Add(IAssemblySymbol assembly, List<Entry> entries)
    {
        foreach (AttributeData attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is not { Name: AttributeName } type || type.ContainingNamespace.ToDisplayString() != AttributeNamespace
                || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string definitions)
            {
                continue;
            }
            INamedTypeSymbol? templates = null;
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == TemplatesArgument && argument.Value.Value is INamedTypeSymbol owner && owner.DeclaredAccessibility == Accessibility.Public) templates = owner;
            }
            entries.Add(new Entry(definitions, templates));
        }
    }

    private static bool References(IAssemblySymbol assembly, string name)
    {
        foreach (IModuleSymbol module in assembly.Modules)
        {
            foreach (AssemblyIdentity reference in module.ReferencedAssemblies)
            {
                if (reference.Name == name) return true;
            }
        }
        return false;
    }
}
