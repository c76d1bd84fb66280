using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Templates;

namespace LinkMobility.WhatsApp.TemplateFiles;

// Your templates as the templates generator sees them: plain values (no YAML nodes, no Roslyn), so the
// pipeline caches. No Roslyn here at all: the sandbox compiles these files too, to read a templates file at run time.

/// <summary>What reading one templates file gives: the templates that can be sent, and every problem found.</summary>
internal sealed record TemplatesFileSpec
{
    public required EquatableArray<TemplateSpec> Templates { get; init; }

    public required EquatableArray<TemplateFileProblem> Problems { get; init; }
}

/// <summary>A problem of a templates file, at its line and column (1-based).</summary>
internal sealed record TemplateFileProblem
{
    public required TemplateFileProblemKind Kind { get; init; }

    public required string Message { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>The kinds of problem a templates file can have; each is a diagnostic of its own.</summary>
internal enum TemplateFileProblemKind
{
    /// <summary>Not JSON or YAML, empty, or an entry of the wrong shape.</summary>
    Malformed,

    /// <summary>A component or button type WhatsApp does not define.</summary>
    UnknownType,

    /// <summary>The same template and language twice.</summary>
    Duplicate,

    /// <summary>Placeholders not numbered 1, 2, 3 ... in order.</summary>
    PlaceholderSequence,

    /// <summary>Something document 1.4.2 cannot send (a warning; the template gets no builder).</summary>
    Unsendable,

    /// <summary>No LINK namespace for a template.</summary>
    NoNamespace,

    /// <summary>A language of a template with other components than its first (a warning; the builder leaves it out).</summary>
    LanguagesDiffer,
}

/// <summary>One template in one language.</summary>
internal sealed record TemplateSpec
{
    public required string Name { get; init; }

    public required string Language { get; init; }

    public required string Status { get; init; }

    public string? Category { get; init; }

    /// <summary>LINK's namespace; "" when none is given (allowed where no builder is made).</summary>
    public required string Namespace { get; init; }

    /// <summary>The components a message sends, in order: header, body, buttons.</summary>
    public required EquatableArray<ComponentSpec> Components { get; init; }

    /// <summary>The template as WhatsApp shows it, one line per component, for IntelliSense.</summary>
    public required EquatableArray<string> Text { get; init; }

    /// <summary>What the template shows, its parts apart (the sandbox's inbox renders messages with it).</summary>
    public TemplateLook? Look { get; init; }

    /// <summary>The same components and parameter types as another language's: one builder serves both.</summary>
    public bool SameShape(TemplateSpec other) => ToDefinition().SameShape(other.ToDefinition());

    /// <summary>The definition the registry holds.</summary>
    public TemplateDefinition ToDefinition() => new(Namespace.Length == 0 ? null : Namespace, Name, Language, Status, Category,
        Components.Select(c => new TemplateComponentDefinition(c.Type, c.SubType, c.Index,
            c.Parameters.Select(p => new TemplateParameterDefinition(p.Name, p.Kinds.ToArray())).ToArray())).ToArray());
}

/// <summary>What a template shows as the templates file gives it, its placeholders as {{n}}.</summary>
internal sealed record TemplateLook
{
    /// <summary>The header's format (TEXT, IMAGE, VIDEO, DOCUMENT); null without a header.</summary>
    public string? HeaderFormat { get; init; }

    public string? HeaderText { get; init; }

    public string Body { get; init; } = "";

    public string? Footer { get; init; }

    public EquatableArray<ButtonLook> Buttons { get; init; } = EquatableArray<ButtonLook>.Empty;
}

/// <summary>A button as the templates file gives it: its WhatsApp type, its label, and its URL or phone number.</summary>
internal sealed record ButtonLook(string Type, string Text, string? Url, string? PhoneNumber);

/// <summary>A component of this API a template fills.</summary>
internal sealed record ComponentSpec
{
    /// <summary>The ComponentType wire name: header, body, button.</summary>
    public required string Type { get; init; }

    public string? SubType { get; init; }

    public int? Index { get; init; }

    public required EquatableArray<ParameterSpec> Parameters { get; init; }
}

/// <summary>A parameter: its name (the file's or a default) and the Parameter types it may be.</summary>
internal sealed record ParameterSpec
{
    public required string Name { get; init; }

    public required EquatableArray<string> Kinds { get; init; }

    /// <summary>The file's example value, for IntelliSense.</summary>
    public string? Example { get; init; }
}
