using Microsoft.CodeAnalysis;

namespace LinkMobility.WhatsApp.Analyzers;

/// <summary>
/// Every diagnostic of the analyzers: one per problem of schema.yaml's problems table, with the same code,
/// so the IDE and runtime validation speak alike. Written here because release tracking (RS2002/RS2008)
/// reads only hand-written descriptors; the generated checks (RuleChecks.g.cs) refer to each by name (a new problem
/// without a descriptor does not compile) and DescriptorTests holds each to the schema.
/// </summary>
internal static class Descriptors
{
    private const string Category = "LinkMobility.WhatsApp.Usage";
    private const string Help = "https://github.com/linkmobility-whatsapp/dotnet-sdk/blob/main/docs/diagnostics/";


    public static readonly DiagnosticDescriptor MissingMember = new(
        "LMWA1001", "A required member is missing", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1001.md");

    public static readonly DiagnosticDescriptor EmptyList = new(
        "LMWA1002", "A list that needs items is empty", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1002.md");

    public static readonly DiagnosticDescriptor NullItem = new(
        "LMWA1003", "A list holds a null item", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1003.md");

    public static readonly DiagnosticDescriptor UndefinedValue = new(
        "LMWA1004", "A value is outside its closed set", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1004.md");

    public static readonly DiagnosticDescriptor OutOfRange = new(
        "LMWA1005", "A number is out of range", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1005.md");

    public static readonly DiagnosticDescriptor NotHttpLink = new(
        "LMWA1006", "A link is not an absolute http(s) URL", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1006.md");

    public static readonly DiagnosticDescriptor UnsupportedMediaFormat = new(
        "LMWA1007", "A link's file type is not a supported media format", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1007.md");

    public static readonly DiagnosticDescriptor NotMsisdn = new(
        "LMWA1008", "A phone number is not a plausible MSISDN", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1008.md");

    public static readonly DiagnosticDescriptor UnsupportedLanguage = new(
        "LMWA1009", "A template language code is not supported", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1009.md");

    public static readonly DiagnosticDescriptor ParameterNotAllowed = new(
        "LMWA1010", "A component has a parameter kind it cannot take", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1010.md");

    public static readonly DiagnosticDescriptor TooManyHeaderMedia = new(
        "LMWA1011", "A header has more than one media parameter", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1011.md");

    public static readonly DiagnosticDescriptor HeaderMediaCaption = new(
        "LMWA1012", "A header media parameter has a caption", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1012.md");

    public static readonly DiagnosticDescriptor HeaderDocumentNotPdf = new(
        "LMWA1013", "A header document is not a PDF", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1013.md");

    public static readonly DiagnosticDescriptor DuplicateButtonIndex = new(
        "LMWA1014", "Two buttons of a template share an index", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1014.md");

    public static readonly DiagnosticDescriptor IncompleteDateTime = new(
        "LMWA1015", "A dateTime has only some of its date fields, or both fields and a timestamp", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1015.md");

    public static readonly DiagnosticDescriptor NameWithoutParts = new(
        "LMWA1016", "A contact name has formattedName alone", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1016.md");

    public static readonly DiagnosticDescriptor BothValidityTimes = new(
        "LMWA1017", "Both validity times are set", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1017.md");

    public static readonly DiagnosticDescriptor UnknownTemplate = new(
        "LMWA1201", "A template message names a template that is not in your templates file", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1201.md");

    public static readonly DiagnosticDescriptor TemplateLanguageNotApproved = new(
        "LMWA1202", "A template message asks for a language the template does not have", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1202.md");

    public static readonly DiagnosticDescriptor TemplateNotApproved = new(
        "LMWA1203", "A template message names a template that is not approved", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1203.md");

    public static readonly DiagnosticDescriptor TemplateParameterCount = new(
        "LMWA1204", "A template component has the wrong number of parameters", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1204.md");

    public static readonly DiagnosticDescriptor TemplateParameterKind = new(
        "LMWA1205", "A template parameter has a type the template cannot take", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1205.md");

    public static readonly DiagnosticDescriptor ComponentNotInTemplate = new(
        "LMWA1206", "A template message has a component the template does not have", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1206.md");

    public static readonly DiagnosticDescriptor TemplateButtonKind = new(
        "LMWA1207", "A button component's sub type differs from the template's button", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1207.md");

    public static readonly DiagnosticDescriptor TemplateComponentMissing = new(
        "LMWA1208", "A template message lacks a component the template fills", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1208.md");

    public static readonly DiagnosticDescriptor MalformedJson = new(
        "LMWA1100", "The JSON is malformed", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1100.md");

    public static readonly DiagnosticDescriptor WrongJsonType = new(
        "LMWA1101", "A JSON value has the wrong type", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1101.md");

    public static readonly DiagnosticDescriptor UnknownJsonValue = new(
        "LMWA1102", "A JSON value is not a known message type or enum value", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1102.md");

    public static readonly DiagnosticDescriptor MissingDiscriminator = new(
        "LMWA1103", "A polymorphic object has no type member", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "LMWA1103.md");
}
