using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Generator;

/// <summary>Every diagnostic the generator reports. Ids are LMWA0xxx; docs/diagnostics has a page per id (its help link).</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "LinkMobility.WhatsApp.Schema";
    private const string TemplatesCategory = "LinkMobility.WhatsApp.Templates";
    private const string HelpBase = "https://github.com/linkmobility-whatsapp/dotnet-sdk/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor MalformedYaml = Error(
        "LMWA0001", "Schema YAML is malformed", "schema.yaml is not valid YAML: {0}");

    public static readonly DiagnosticDescriptor WrongShape = Error(
        "LMWA0002", "Schema member is missing or has the wrong shape", "{0}");

    public static readonly DiagnosticDescriptor UnknownKey = Error(
        "LMWA0003", "Schema has an unknown key", "Unknown key '{0}' in {1}; expected one of: {2}");

    public static readonly DiagnosticDescriptor UnknownType = Error(
        "LMWA0004", "Schema refers to an unknown type", "Unknown type '{0}' in {1}; declare it under types, enums or unions, or use a built-in type ({2})");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "LMWA0005", "Schema declares a name twice", "'{0}' is declared more than once in {1}");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error(
        "LMWA0006", "Schema name is not a usable C# identifier", "'{0}' in {1} cannot be a C# name: {2}");

    public static readonly DiagnosticDescriptor InvalidValue = Error(
        "LMWA0007", "Schema value is not one of the allowed values", "'{0}' is not allowed for {1}; expected {2}");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error(
        "LMWA0008", "Generated contract needs C# 11 or later", "The WhatsApp contract generated from schema.yaml needs C# 11 or later (required members, UTF-8 literals); this project uses C# {0}");

    public static readonly DiagnosticDescriptor TooManyDetectNames = Error(
        "LMWA0017", "Schema's payloads are told apart by too many member names", "'{0}' is distinct detect name {1} of the payloads; they are told apart by at most {2} distinct member names");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "LMWA0009", "The generator failed unexpectedly", "The WhatsApp contract generator failed while {0}: {1}. Please report this with your schema.yaml.");

    // Your templates file (the WhatsAppTemplates item).

    public static readonly DiagnosticDescriptor MalformedTemplates = Error(
        "LMWA0010", "Templates file is malformed", "{0}", TemplatesCategory);

    public static readonly DiagnosticDescriptor UnknownTemplateType = Error(
        "LMWA0011", "Templates file has an unknown component, format or button type", "{0}", TemplatesCategory);

    public static readonly DiagnosticDescriptor DuplicateTemplate = Error(
        "LMWA0012", "Templates file lists a template and language twice", "{0}", TemplatesCategory);

    public static readonly DiagnosticDescriptor PlaceholderSequence = Error(
        "LMWA0013", "Template placeholders are not numbered 1, 2, 3 in order", "{0}", TemplatesCategory);

    public static readonly DiagnosticDescriptor UnsendableTemplate = Warning(
        "LMWA0014", "Template cannot be sent with this API version", "{0}", TemplatesCategory);

    public static readonly DiagnosticDescriptor TemplateLanguagesDiffer = Warning(
        "LMWA0016", "Template languages have different parameters", "{0}", TemplatesCategory);

    public static readonly DiagnosticDescriptor NoTemplateNamespace = Error(
        "LMWA0015", "Template has no LINK namespace", "{0}", TemplatesCategory);

    private static DiagnosticDescriptor Error(string id, string title, string message, string category = Category) =>
        Create(id, title, message, category, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message, string category) =>
        Create(id, title, message, category, DiagnosticSeverity.Warning);

    /// <summary>Every descriptor's help link is its page in docs/diagnostics.</summary>
    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");
}
