using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Roslyn;
using LinkMobility.WhatsApp.Templates;
using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>
/// The checks against your templates (TemplateChecks, the runtime's own source) over what code shows: every
/// template a checked object holds, against the registry the templates generator put on the assembly.
/// </summary>
internal static class TemplateUses
{
    private static readonly object CacheLock = new();
    private static (string Text, TemplateRegistry Registry)? s_last;

    /// <summary>
    /// The registry of the generated templates the compilation sees: its own, and those of the referenced assemblies
    /// built against the contract (a templates project of their own); null when there are none.
    /// </summary>
    public static TemplateRegistry? RegistryOf(Compilation compilation)
    {
        var texts = new List<string>();
        foreach (TemplateRegistryData.Entry entry in TemplateRegistryData.OfAssembly(compilation.Assembly)) texts.Add(entry.Definitions);
        foreach (TemplateRegistryData.Entry entry in TemplateRegistryData.OfReferences(compilation)) texts.Add(entry.Definitions);
        if (texts.Count == 0) return null;
        string all = string.Join("\n", texts);
        // The IDE makes a compilation for each edit; the definitions rarely change, so the last one is kept.
        lock (CacheLock)
        {
            if (s_last is { } last && last.Text == all) return last.Registry;
        }
        TemplateRegistry registry;
        try
        {
            registry = TemplateRegistry.Decode(all);
        }
        catch (System.FormatException)
        {
            return null;
        }
        lock (CacheLock) s_last = (all, registry);
        return registry;
    }

    /// <summary>Checks every template the object holds, itself included.</summary>
    public static void Check(TemplateRegistry registry, SourceObject? root, RuleReport report)
    {
        if (root is null) return;
        if (root.Type.Name == RuleChecks.TemplateShapes.Template.TypeName)
        {
            var use = new SourceTemplate(root);
            var problems = new Reporter(use, report);
            TemplateChecks.Check(registry, use, ref problems);
            return;
        }
        for (int i = 0; i < root.Type.Members.Length; i++)
        {
            if (!root.Type.HoldsNestedValue[i]) continue;
            if (root.Object(i) is { } nested) Check(registry, nested, report);
            else if (root.List(i) is { } list)
            {
                foreach (SourceValue? item in list.Items) Check(registry, item as SourceObject, report);
            }
        }
    }

    /// <summary>A template as the code shows it.</summary>
    private readonly struct SourceTemplate(SourceObject template) : ITemplateUse
    {
        public SourceObject Template => template;

        public SourceObject? LanguageObject => template.Object(RuleChecks.TemplateShapes.Template.Language);

        public SourceList? Components => template.List(RuleChecks.TemplateShapes.Template.Components);

        public string? Name => template.String(RuleChecks.TemplateShapes.Template.Name);

        public string? Language => LanguageObject?.String(RuleChecks.TemplateShapes.Language.Code);

        public int ComponentCount => Components?.Items.Count ?? 0;

        public bool ComponentsComplete => Components is { Complete: true, Open: false };

        public SourceObject? ComponentAt(int index) => Components!.Items[index] as SourceObject;

        public SourceList? ParametersAt(int index) => ComponentAt(index)?.List(RuleChecks.TemplateShapes.Component.Parameters);

        public TemplateComponentUse Component(int index)
        {
            if (ComponentAt(index) is not { } component) return default;
            double? number = component.Number(RuleChecks.TemplateShapes.Component.Index);
            SourceList? parameters = component.List(RuleChecks.TemplateShapes.Component.Parameters);
            return new TemplateComponentUse(
                RuleChecks.TemplateShapes.Wire(component.EnumMember(RuleChecks.TemplateShapes.Component.Type)),
                RuleChecks.TemplateShapes.Wire(component.EnumMember(RuleChecks.TemplateShapes.Component.SubType)),
                number is { } n && n == (int)n ? (int)n : null,
                parameters?.Items.Count ?? 0,
                parameters is { Complete: true, Open: false });
        }

        public string? ParameterKind(int component, int parameter) => (ParametersAt(component)?.Items[parameter] as SourceObject)?.Type.Wire;
    }

    /// <summary>Reports where the code writes what is at fault.</summary>
    private readonly struct Reporter(SourceTemplate use, RuleReport report) : ITemplateProblems
    {
        public void Report(string problem, string form, TemplateSpot spot, int component, int parameter, KeyValuePair<string, string>[] values)
        {
            if (RuleChecks.Descriptor(problem) is not { } descriptor || RuleChecks.MessageOf(problem, form) is not { } template) return;
            report.At(descriptor, Where(spot, component, parameter), Validation.ProblemText.Format(template, values));
        }

        private Location Where(TemplateSpot spot, int component, int parameter) => spot switch
        {
            TemplateSpot.Name => use.Template.LocationOf(RuleChecks.TemplateShapes.Template.Name),
            TemplateSpot.Language => use.LanguageObject?.LocationOf(RuleChecks.TemplateShapes.Language.Code) ?? use.Template.LocationOf(RuleChecks.TemplateShapes.Template.Language),
            TemplateSpot.Components => use.Template.LocationOf(RuleChecks.TemplateShapes.Template.Components),
            TemplateSpot.Component => use.ComponentAt(component)?.Location ?? use.Template.Location,
            _ => use.ParametersAt(component)?.Items[parameter]?.Location ?? use.Template.Location,
        };
    }
}
