using System;
using System.Collections.Generic;

namespace LinkMobility.WhatsApp.Templates;

// One source file, compiled into the runtime package, the generator and the analyzers (like Formats.cs): the
// checks of a template message against your templates are written once. The runtime runs them over the objects
// of a request, the analyzers over what code shows at compile time; each renders the messages from the schema's
// problems table, so a problem reads alike in both.

/// <summary>A template message as the checks see it; what cannot be told (a value only known at run time) is null.</summary>
internal interface ITemplateUse
{
    /// <summary>The template's name, or null.</summary>
    string? Name { get; }

    /// <summary>The language code, or null.</summary>
    string? Language { get; }

    /// <summary>How many components are shown.</summary>
    int ComponentCount { get; }

    /// <summary>Whether those are all of the components.</summary>
    bool ComponentsComplete { get; }

    /// <summary>A shown component.</summary>
    TemplateComponentUse Component(int index);

    /// <summary>A parameter's type (its wire name), or null.</summary>
    string? ParameterKind(int component, int parameter);
}

/// <summary>A component of a template message as the checks see it.</summary>
/// <param name="Type">Its type's wire name, or null.</param>
/// <param name="SubType">A button's sub type's wire name, or null.</param>
/// <param name="Index">A button's index, or null.</param>
/// <param name="ParameterCount">How many parameters are shown.</param>
/// <param name="ParametersComplete">Whether those are all of them.</param>
internal readonly record struct TemplateComponentUse(string? Type, string? SubType, int? Index, int ParameterCount, bool ParametersComplete);

/// <summary>Where a problem is: the name, the language, the components list, a component or a parameter.</summary>
internal enum TemplateSpot
{
    /// <summary>The template's name.</summary>
    Name,

    /// <summary>The language code.</summary>
    Language,

    /// <summary>The list of components.</summary>
    Components,

    /// <summary>One component.</summary>
    Component,

    /// <summary>One parameter of a component.</summary>
    Parameter,
}

/// <summary>Where the checks report: a problem of the schema's table by name, its message form, and the values of its placeholders.</summary>
internal interface ITemplateProblems
{
    /// <summary>Reports a problem. <paramref name="component"/> and <paramref name="parameter"/> are -1 where they do not apply.</summary>
    void Report(string problem, string form, TemplateSpot spot, int component, int parameter, KeyValuePair<string, string>[] values);
}

/// <summary>The checks of a template message against the templates of a <see cref="TemplateRegistry"/>.</summary>
internal static class TemplateChecks
{
    /// <summary>
    /// The problems these checks report, each message form and the placeholders it fills. The schema's problems
    /// table must word each (the generator holds it to this list).
    /// </summary>
    public static readonly (string Problem, string Form, string[] Placeholders)[] Forms =
    [
        ("UnknownTemplate", "suggestion", ["value", "suggestion"]),
        ("UnknownTemplate", "none", ["value"]),
        ("TemplateLanguageNotApproved", "", ["template", "value", "languages"]),
        ("TemplateNotApproved", "", ["template", "language", "status"]),
        ("TemplateParameterCount", "", ["template", "component", "expected", "names", "count"]),
        ("TemplateParameterKind", "", ["template", "component", "parameter", "expected", "value"]),
        ("ComponentNotInTemplate", "", ["template", "component"]),
        ("TemplateButtonKind", "", ["template", "index", "expected", "value"]),
        ("TemplateComponentMissing", "", ["template", "component", "count", "names"]),
    ];

    /// <summary>Checks a template message; with an empty registry, or a name that is not known, nothing but the name.</summary>
    public static void Check<TUse, TProblems>(TemplateRegistry registry, in TUse use, ref TProblems problems)
        where TUse : ITemplateUse
        where TProblems : ITemplateProblems
    {
        if (registry.IsEmpty || use.Name is not { } name) return;
        IReadOnlyList<TemplateDefinition> languages = registry.Find(name);
        if (languages.Count == 0)
        {
            string? suggestion = registry.Suggest(name);
            if (suggestion is null) problems.Report("UnknownTemplate", "none", TemplateSpot.Name, -1, -1, [new("value", name)]);
            else problems.Report("UnknownTemplate", "suggestion", TemplateSpot.Name, -1, -1, [new("value", name), new("suggestion", suggestion)]);
            return;
        }
        if (use.Language is not { } language) return;
        TemplateDefinition? definition = registry.Find(name, language);
        if (definition is null)
        {
            problems.Report("TemplateLanguageNotApproved", "", TemplateSpot.Language, -1, -1,
                [new("template", name), new("value", language), new("languages", Join(languages, d => d.Language))]);
            return;
        }
        if (!definition.IsApproved)
        {
            problems.Report("TemplateNotApproved", "", TemplateSpot.Name, -1, -1,
                [new("template", name), new("language", language), new("status", definition.Status)]);
        }

        for (int c = 0; c < use.ComponentCount; c++)
        {
            TemplateComponentUse component = use.Component(c);
            if (component.Type is not { } type) continue;
            TemplateComponentDefinition? expected = definition.Match(type, component.Index);
            if (expected is null)
            {
                // A component of an indexed kind (a button) without its index cannot be matched; the schema's rules report the missing index.
                if (component.Index is null && HasIndexed(definition, type)) continue;
                string what = component.Index is { } index ? $"{type} {index}" : type;
                problems.Report("ComponentNotInTemplate", "", TemplateSpot.Component, c, -1, [new("template", name), new("component", what)]);
                continue;
            }
            if (expected.SubType is { } subType && component.SubType is { } actual && actual != subType)
            {
                problems.Report("TemplateButtonKind", "", TemplateSpot.Component, c, -1,
                    [new("template", name), new("index", Number(expected.Index ?? 0)), new("expected", subType), new("value", actual)]);
                continue;
            }
            if (component.ParametersComplete && component.ParameterCount != expected.Parameters.Count)
            {
                problems.Report("TemplateParameterCount", "", TemplateSpot.Component, c, -1,
                    [new("template", name), new("component", expected.ToString()), new("expected", Number(expected.Parameters.Count)),
                     new("names", Names(expected)), new("count", Number(component.ParameterCount))]);
            }
            int shown = Math.Min(component.ParameterCount, expected.Parameters.Count);
            for (int p = 0; p < shown; p++)
            {
                if (use.ParameterKind(c, p) is { } kind && !expected.Parameters[p].Allows(kind))
                {
                    problems.Report("TemplateParameterKind", "", TemplateSpot.Parameter, c, p,
                        [new("template", name), new("component", expected.ToString()), new("parameter", expected.Parameters[p].Name),
                         new("expected", expected.Parameters[p].DescribeKinds()), new("value", kind)]);
                }
            }
        }

        if (!use.ComponentsComplete) return;
        for (int d = 0; d < definition.Components.Count; d++)
        {
            TemplateComponentDefinition expected = definition.Components[d];
            if (expected.Parameters.Count == 0 || Shows(use, expected)) continue;
            problems.Report("TemplateComponentMissing", "", TemplateSpot.Components, -1, -1,
                [new("template", name), new("component", expected.ToString()), new("count", Number(expected.Parameters.Count)), new("names", Names(expected))]);
        }
    }

    private static bool HasIndexed(TemplateDefinition definition, string type)
    {
        for (int d = 0; d < definition.Components.Count; d++)
        {
            if (definition.Components[d].Index is not null && definition.Components[d].Type == type) return true;
        }
        return false;
    }

    private static bool Shows<TUse>(in TUse use, TemplateComponentDefinition expected) where TUse : ITemplateUse
    {
        for (int c = 0; c < use.ComponentCount; c++)
        {
            TemplateComponentUse component = use.Component(c);
            if (component.Type == expected.Type && (expected.Index is null || component.Index == expected.Index)) return true;
        }
        return false;
    }

    private static string Names(TemplateComponentDefinition component) => component.Parameters.Count == 0 ? "none" : Join(component.Parameters, p => p.Name);

    private static string Join<T>(IReadOnlyList<T> items, Func<T, string> text)
    {
        var parts = new string[items.Count];
        for (int i = 0; i < parts.Length; i++) parts[i] = text(items[i]);
        return string.Join(", ", parts);
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
