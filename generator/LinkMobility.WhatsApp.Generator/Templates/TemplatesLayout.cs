using System;
using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.TemplateFiles;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.Generator.Templates;

/// <summary>
/// One templates file laid out for emitting: the registry's compact text, with each builder's languages side by
/// side so a builder finds its definitions by position, and one builder per template name that has an approved language.
/// </summary>
internal sealed record TemplatesLayout
{
    /// <summary>The generated class's namespace (the project's root namespace), if any.</summary>
    public required string? Namespace { get; init; }

    public required string ClassName { get; init; }

    /// <summary>The registry's compact text (TemplateRegistry.Encode), in builder order.</summary>
    public required string Definitions { get; init; }

    /// <summary>How many template names the file has (with or without a builder).</summary>
    public required int TemplateCount { get; init; }

    public required EquatableArray<BuilderSpec> Builders { get; init; }

    /// <summary>Why it could not be laid out (reported as LMWA0009), or null.</summary>
    public string? Failure { get; init; }

    /// <summary>The class's name with its namespace: what a builder belongs to.</summary>
    public string QualifiedName => (string.IsNullOrEmpty(Namespace) ? "" : Namespace + ".") + ClassName;

    /// <summary>A file that could not be laid out.</summary>
    public static TemplatesLayout Failed(string className, string failure) => new()
    {
        Namespace = null, ClassName = className, Definitions = "", TemplateCount = 0, Builders = EquatableArray<BuilderSpec>.Empty, Failure = failure,
    };

    /// <summary>
    /// Lays the templates out. Class names are made unique here, once for the file, so a builder's text depends only
    /// on its own templates and position.
    /// </summary>
    public static TemplatesLayout Of(EquatableArray<TemplateSpec> templates, string? @namespace, string className, TemplateContract names)
    {
        var byName = templates.GroupBy(t => t.Name, StringComparer.Ordinal).ToList();
        var classNames = new UniqueNames(["Registry", "Definitions", "Register", "Create", "Messages", className, .. names.ValueTypes.Values.Select(v => v.Name)]);
        var ordered = new List<TemplateSpec>(templates.Count);
        var builders = new List<BuilderSpec>();
        string qualified = (string.IsNullOrEmpty(@namespace) ? "" : @namespace + ".") + className;
        foreach (IGrouping<string, TemplateSpec> template in byName)
        {
            // Only approved languages can be built; a template with none has no builder (the registry still knows
            // it, so a hand-built message for it is reported as not approved). A builder's languages are those with
            // the first one's components and parameters.
            var approved = template.Where(t => t.Status == TemplateDefinition.Approved).ToList();
            var languages = approved.Where(l => l.SameShape(approved[0])).ToList();
            if (languages.Count > 0)
            {
                // The Create method's parameter names, from the first language's, name the parameters of every
                // language in the registry too: a problem or a missing argument is then named as the call names it.
                var locals = new UniqueNames(["language"]);
                var arguments = languages[0].Components.SelectMany(c => c.Parameters).Select(p => locals.Take(TemplateContract.Camel(p.Name))).ToList();
                var members = new UniqueNames([]);
                var built = languages.Select(l => Named(l, arguments)).ToList();
                builders.Add(new BuilderSpec
                {
                    Owner = qualified,
                    Nesting = string.IsNullOrEmpty(@namespace) ? 1 : 2,
                    ClassName = classNames.Take(TemplateContract.Pascal(template.Key, "Template")),
                    First = ordered.Count,
                    Languages = built.ToEquatableArray(),
                    LanguageMembers = languages.Select(l => members.Take(names.LanguageMember(l.Language))).ToEquatableArray(),
                    Arguments = arguments.ToEquatableArray(),
                });
                ordered.AddRange(built);
            }
            ordered.AddRange(template.Where(t => !languages.Contains(t)));
        }
        return new TemplatesLayout
        {
            Namespace = @namespace,
            ClassName = className,
            Definitions = new TemplateRegistry(ordered.Select(t => t.ToDefinition())).Encode(),
            TemplateCount = byName.Count,
            Builders = builders.ToEquatableArray(),
        };
    }

    /// <summary>A language with its parameters named as the builder's arguments (without a keyword's '@').</summary>
    private static TemplateSpec Named(TemplateSpec language, IReadOnlyList<string> arguments)
    {
        int next = 0;
        return language with
        {
            Components = language.Components.Select(c => c with
            {
                Parameters = c.Parameters.Select(p => p with { Name = arguments[next++].TrimStart('@') }).ToEquatableArray(),
            }).ToEquatableArray(),
        };
    }
}

/// <summary>The builder of one template: its class, its approved languages (the Language enum's members) and where their definitions start.</summary>
internal sealed record BuilderSpec
{
    /// <summary>The qualified name of the generated class it is nested in.</summary>
    public required string Owner { get; init; }

    /// <summary>How deep its class is nested: in the generated class, and its namespace if any.</summary>
    public required int Nesting { get; init; }

    public required string ClassName { get; init; }

    /// <summary>The position of its first language's definition in the registry's text; the others follow in enum order.</summary>
    public required int First { get; init; }

    /// <summary>Its languages, in the Language enum's order.</summary>
    public required EquatableArray<TemplateSpec> Languages { get; init; }

    /// <summary>The Language enum's member for each language.</summary>
    public required EquatableArray<string> LanguageMembers { get; init; }

    /// <summary>The Create method's parameters after the language, in the order of the components' parameters.</summary>
    public required EquatableArray<string> Arguments { get; init; }
}

/// <summary>A builder's emitted text, and the class it goes in.</summary>
internal sealed record BuilderSource(string Owner, int First, string Text)
{
    /// <summary>Why it could not be emitted, or null.</summary>
    public string? Failure { get; init; }
}
