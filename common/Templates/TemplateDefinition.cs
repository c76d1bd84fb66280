using System;
using System.Collections.Generic;

namespace LinkMobility.WhatsApp.Templates;

// One source file, compiled into the runtime package, the generator and the analyzers (like Formats.cs): the
// generator writes these definitions, the runtime and the analyzers check messages against them.

/// <summary>
/// One approved WhatsApp template in one language, in this API's terms: the components a template message
/// sends for it and the parameters each takes. The templates generator makes these from your templates file.
/// </summary>
#if LINKMOBILITY_WHATSAPP_PUBLIC_API
public
#else
internal
#endif
sealed class TemplateDefinition
{
    /// <summary>The status WhatsApp gives a template that can be sent.</summary>
    public const string Approved = "APPROVED";

    /// <summary>A definition.</summary>
    public TemplateDefinition(string? @namespace, string name, string language, string status, string? category, IReadOnlyList<TemplateComponentDefinition> components)
    {
        Namespace = @namespace;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Language = language ?? throw new ArgumentNullException(nameof(language));
        Status = status ?? throw new ArgumentNullException(nameof(status));
        Category = category;
        Components = components ?? throw new ArgumentNullException(nameof(components));
    }

    /// <summary>LINK's namespace of the template, when the templates file gives it.</summary>
    public string? Namespace { get; }

    /// <summary>The template's name, as registered.</summary>
    public string Name { get; }

    /// <summary>The language code, such as en_US.</summary>
    public string Language { get; }

    /// <summary>WhatsApp's status: APPROVED, PENDING, REJECTED, PAUSED, DISABLED.</summary>
    public string Status { get; }

    /// <summary>WhatsApp's category (MARKETING, UTILITY, ...), when known.</summary>
    public string? Category { get; }

    /// <summary>The components a message sends for this template, in order: header, body, buttons.</summary>
    public IReadOnlyList<TemplateComponentDefinition> Components { get; }

    /// <summary>Whether WhatsApp accepts messages for it.</summary>
    public bool IsApproved => string.Equals(Status, Approved, StringComparison.Ordinal);

    /// <summary>The component a message's component stands for: by type, and a button also by index; null when it has none.</summary>
    public TemplateComponentDefinition? Match(string type, int? index)
    {
        // Index loops: a foreach over an IReadOnlyList would allocate its enumerator on every check.
        for (int i = 0; i < Components.Count; i++)
        {
            TemplateComponentDefinition component = Components[i];
            if (!string.Equals(component.Type, type, StringComparison.Ordinal)) continue;
            if (component.Index is null || component.Index == index) return component;
        }
        return null;
    }

    /// <summary>
    /// Whether a message built for one fits the other: the same components (type, button sub type and index) with the
    /// same parameter types in order. Names aside: a builder's and a file's may differ, and a message has none.
    /// </summary>
    public bool SameShape(TemplateDefinition other)
    {
        if (other is null) throw new ArgumentNullException(nameof(other));
        if (Components.Count != other.Components.Count) return false;
        for (int c = 0; c < Components.Count; c++)
        {
            TemplateComponentDefinition mine = Components[c], theirs = other.Components[c];
            if (mine.Type != theirs.Type || mine.SubType != theirs.SubType || mine.Index != theirs.Index || mine.Parameters.Count != theirs.Parameters.Count) return false;
            for (int p = 0; p < mine.Parameters.Count; p++)
            {
                IReadOnlyList<string> kinds = mine.Parameters[p].Kinds, otherKinds = theirs.Parameters[p].Kinds;
                if (kinds.Count != otherKinds.Count) return false;
                for (int k = 0; k < kinds.Count; k++)
                {
                    if (kinds[k] != otherKinds[k]) return false;
                }
            }
        }
        return true;
    }

    /// <summary>name (language).</summary>
    public override string ToString() => $"{Name} ({Language})";
}

/// <summary>A component of a template message for one template: its type, a button's sub type and index, and its parameters.</summary>
#if LINKMOBILITY_WHATSAPP_PUBLIC_API
public
#else
internal
#endif
sealed class TemplateComponentDefinition
{
    /// <summary>A component.</summary>
    /// <param name="type">The component type's wire name: header, body, button.</param>
    /// <param name="subType">A button's sub type (quickReply, url); null for others.</param>
    /// <param name="index">A button's index; null for others.</param>
    /// <param name="parameters">The parameters it takes, in order.</param>
    public TemplateComponentDefinition(string type, string? subType, int? index, IReadOnlyList<TemplateParameterDefinition> parameters)
    {
        Type = type ?? throw new ArgumentNullException(nameof(type));
        SubType = subType;
        Index = index;
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
    }

    /// <summary>The component type's wire name: header, body, button.</summary>
    public string Type { get; }

    /// <summary>A button's sub type's wire name (quickReply, url); null for a header or body.</summary>
    public string? SubType { get; }

    /// <summary>A button's index; null for a header or body.</summary>
    public int? Index { get; }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<TemplateParameterDefinition> Parameters { get; }

    /// <summary>In words: "the header", "the body", "button 0 (quickReply)".</summary>
    public override string ToString() => Index is { } index ? $"{Type} {index} ({SubType})" : "the " + Type;
}

/// <summary>A parameter of a template component: its name (for builders and messages) and the parameter types it may be.</summary>
#if LINKMOBILITY_WHATSAPP_PUBLIC_API
public
#else
internal
#endif
sealed class TemplateParameterDefinition
{
    /// <summary>A parameter.</summary>
    /// <param name="name">Its name: the templates file's, or a default (body1, headerImage, ...).</param>
    /// <param name="kinds">The parameter types' wire names it may be (text, currency, dateTime, image, ...).</param>
    public TemplateParameterDefinition(string name, IReadOnlyList<string> kinds)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Kinds = kinds ?? throw new ArgumentNullException(nameof(kinds));
    }

    /// <summary>Its name.</summary>
    public string Name { get; }

    /// <summary>The parameter types' wire names it may be.</summary>
    public IReadOnlyList<string> Kinds { get; }

    /// <summary>Whether a parameter of this type fits.</summary>
    public bool Allows(string kind)
    {
        for (int i = 0; i < Kinds.Count; i++)
        {
            if (string.Equals(Kinds[i], kind, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>"image", "text, currency or dateTime".</summary>
    public string DescribeKinds() => Kinds.Count switch
    {
        0 => "nothing",
        1 => Kinds[0],
        _ => string.Join(", ", Take(Kinds, Kinds.Count - 1)) + " or " + Kinds[Kinds.Count - 1],
    };

    private static IEnumerable<string> Take(IReadOnlyList<string> items, int count)
    {
        for (int i = 0; i < count; i++) yield return items[i];
    }
}
