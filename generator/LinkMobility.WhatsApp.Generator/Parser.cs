using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;
using LinkMobility.WhatsApp.Generator.Templates;
using LinkMobility.WhatsApp.TemplateFiles;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LinkMobility.WhatsApp.Generator;

/// <summary>
/// Reads schema.yaml into a <see cref="ContractModel"/>. Never throws for bad input: every problem
/// becomes a diagnostic at its YAML line and column, and a schema with errors yields no model.
/// </summary>
internal sealed partial class Parser
{
    private const string BuiltInTypes = "string, int, long, double, bool, date, durationMs, map, List<T>";

    private static readonly string[] RootKeys = ["document", "api", "payloads", "enums", "unions", "types", "templates", "problems", "resultCodes", "languages", "errata", "formats"];
    private static readonly string[] MemberKeys = ["name", "type", "required", "condition", "description", "csharp", "aliases", "wire", "minItems", "min", "max", "format", "extensions", "when"];

    /// <summary>
    /// Problems the member rules (their checks name them) and JSON reading (its fault kinds) report; the problems
    /// table must define them.
    /// </summary>
    internal static readonly string[] BuiltInProblems =
    [
        .. Checks.MemberChecks.Forms.Select(f => f.Problem).Distinct(),
        "MalformedJson", "WrongJsonType", "UnknownJsonValue", "MissingDiscriminator",
    ];
    private static readonly string[] Outcomes = ["success", "failure", "error"];

    private readonly string _path;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = [];
    private bool _hasErrors;
    private readonly YamlReader _yaml;

    // Document name -> what it declares, filled before any member is read so references can point forward.
    private readonly Dictionary<string, Declaration> _declarations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _csharpNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _declaredMembers = new(StringComparer.Ordinal);

    private Parser(string path, CancellationToken cancellationToken)
    {
        _path = path;
        _cancellationToken = cancellationToken;
        _yaml = new YamlReader(
            (node, message) => Report(DiagnosticDescriptors.WrongShape, At(node), message),
            (node, value, where, expected) => Report(DiagnosticDescriptors.InvalidValue, At(node), value, where, expected));
    }

    public static SchemaResult Parse(string path, SourceText? text, CancellationToken cancellationToken)
    {
        var parser = new Parser(path, cancellationToken);
        ContractModel? model = null;
        try
        {
            if (text is null)
            {
                parser.Report(DiagnosticDescriptors.WrongShape, null, "schema.yaml could not be read");
            }
            else
            {
                model = parser.ParseText(text.ToString());
            }
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (YamlException ex)
        {
            parser.Report(DiagnosticDescriptors.MalformedYaml, parser.At(ex.Start, ex.End), YamlReader.Flatten(ex.Message));
        }
        catch (Exception ex)
        {
            parser.Report(DiagnosticDescriptors.InternalError, null, "reading schema.yaml", YamlReader.Flatten(ex.Message));
        }

        return new SchemaResult(parser._hasErrors ? null : model, parser._diagnostics.ToEquatableArray());
    }

    private ContractModel? ParseText(string text)
    {
        var stream = new YamlStream();
        var yaml = new PositionTrackingParser(new YamlDotNet.Core.Parser(new StringReader(text)));
        try
        {
            stream.Load(yaml);
        }
        catch (Exception ex) when (ex is not YamlException and not OperationCanceledException)
        {
            // YamlDotNet throws a few exceptions without a position (an unclosed [ for one); point past the last good event.
            Report(DiagnosticDescriptors.MalformedYaml, At(yaml.LastEnd, yaml.LastEnd), $"it cannot be read after this point ({YamlReader.Flatten(ex.Message)})");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            YamlNode? node = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            Report(DiagnosticDescriptors.WrongShape, node is null ? null : At(node),
                "schema.yaml is empty or is not a mapping; it needs at least 'document' and 'types'");
            return null;
        }

        CheckKeys(root, "the schema", RootKeys);

        DocumentInfo? document = ParseDocument(root);
        YamlMappingNode enumsNode = _yaml.OptionalMapping(root, "enums", "the schema");
        YamlMappingNode unionsNode = _yaml.OptionalMapping(root, "unions", "the schema");
        YamlMappingNode? typesNode = _yaml.RequiredMapping(root, "types", "the schema");

        Declare(enumsNode, ShapeKind.Enum, "enums");
        Declare(unionsNode, ShapeKind.Union, "unions");
        if (typesNode is not null) Declare(typesNode, ShapeKind.Object, "types");

        var enums = new List<EnumModel>();
        foreach (KeyValuePair<YamlNode, YamlNode> entry in enumsNode.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (ParseEnum(entry) is { } model) enums.Add(model);
        }

        // Variants are known before types are read: a variant's class derives from its union.
        var variantOf = new Dictionary<string, (string Union, string EnumMember, bool Unknown)>(StringComparer.Ordinal);
        var unions = new List<UnionModel>();
        foreach (KeyValuePair<YamlNode, YamlNode> entry in unionsNode.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (ParseUnion(entry, variantOf) is { } union)
            {
                unions.Add(union);
                enums.Add(new EnumModel(
                    union.EnumName,
                    $"The values of {union.Name}.{NameCase.PascalFromWire(union.Discriminator)}: {union.DiscriminatorDescription}",
                    union.Variants.Select(v => new EnumValueModel(v.Value, v.EnumMember)).ToEquatableArray(),
                    union.UnknownType is not null));
            }
        }

        var types = new List<TypeModel>();
        var typeNodes = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        if (typesNode is not null)
        {
            foreach (KeyValuePair<YamlNode, YamlNode> entry in typesNode.Children)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (ParseType(entry, variantOf, unions) is { } type)
                {
                    types.Add(type);
                    typeNodes[type.Name] = (YamlMappingNode)entry.Value;
                }
            }
        }

        // Rules refer to other types' members and to the problems table, so they come once every type is known.
        EquatableArray<ProblemModel> problems = ParseProblems(root);
        var rules = new RuleResolver(this, types, enums, unions, problems);
        for (int i = 0; i < types.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            types[i] = rules.Resolve(types[i], typeNodes[types[i].Name]);
        }

        foreach (UnionModel union in unions)
        {
            if (union.UnknownType is { } unknown && !types.Any(t => t.Name == unknown))
            {
                // The unknown variant needs no table of its own: it keeps the raw JSON.
                types.Add(new TypeModel
                {
                    Name = unknown,
                    Description = $"A {union.Name} whose {union.Discriminator} this contract version does not know; the JSON is kept as it came.",
                    Union = union.Name,
                    IsUnknownVariant = true,
                    Members = EquatableArray<MemberModel>.Empty,
                    Rules = EquatableArray<TypeRule>.Empty,
                });
            }
        }

        ApiInfo? api = ParseApi(root);
        EquatableArray<PayloadModel> payloads = ParsePayloads(root, types, unions);
        EquatableArray<ResultCodeModel> resultCodes = ParseResultCodes(root);
        EquatableArray<LanguageModel> languages = ParseLanguages(root);
        EquatableArray<ErratumModel> errata = ParseErrata(root);
        EquatableArray<FormatModel> formats = ParseFormats(root);

        (TemplateMapping? templates, TemplateTypes? templateTypes) = ParseTemplates(root, enums, unions, types);

        if (document is null || api is null) return null;
        return new ContractModel
        {
            Document = document,
            Api = api,
            Enums = enums.ToEquatableArray(),
            Unions = unions.ToEquatableArray(),
            Types = types.ToEquatableArray(),
            Payloads = payloads,
            ResultCodes = resultCodes,
            Languages = languages,
            Errata = errata,
            Formats = formats,
            Problems = problems,
            Templates = templates,
            TemplateTypes = templateTypes,
        };
    }

    // --- Sections --------------------------------------------------------------------------

    private DocumentInfo? ParseDocument(YamlMappingNode root)
    {
        YamlMappingNode? node = _yaml.RequiredMapping(root, "document", "the schema");
        if (node is null) return null;
        CheckKeys(node, "document", "title", "version", "date", "namespace");
        string? title = _yaml.RequiredScalar(node, "title", "document");
        string? version = _yaml.RequiredScalar(node, "version", "document");
        string? date = _yaml.RequiredScalar(node, "date", "document");
        string? ns = _yaml.RequiredScalar(node, "namespace", "document");
        if (ns is not null)
        {
            foreach (string part in ns.Split('.'))
            {
                if (!IsIdentifier(part, out string why))
                {
                    Report(DiagnosticDescriptors.InvalidIdentifier, At(YamlReader.Child(node, "namespace")!), ns, "document.namespace", why);
                    break;
                }
            }
        }
        return title is null || version is null || date is null || ns is null ? null : new DocumentInfo(title, version, date, ns);
    }

    private ApiInfo? ParseApi(YamlMappingNode root)
    {
        YamlMappingNode? api = _yaml.RequiredMapping(root, "api", "the schema");
        if (api is null) return null;
        CheckKeys(api, "api", "authentication", "baseUrls", "tls", "operations", "callbacks", "hosts");
        string? authentication = _yaml.RequiredScalar(api, "authentication", "api");
        if (authentication is not null && authentication != "basic")
        {
            Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(api, "authentication")!), authentication, "api.authentication", "basic");
        }

        var baseUrls = new List<BaseUrlModel>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode item in _yaml.MappingItems(api, "baseUrls", "api"))
        {
            CheckKeys(item, "a base URL", "id", "url");
            string? id = _yaml.RequiredScalar(item, "id", "a base URL");
            string? url = _yaml.RequiredScalar(item, "url", "a base URL");
            if (id is null || url is null) continue;
            if (!CheckIdentifier(id, YamlReader.Child(item, "id")!, "api.baseUrls") || !Unique(ids, id, YamlReader.Child(item, "id")!, "api.baseUrls")) continue;
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "url")!), url, "a base URL", "an absolute http(s) URL");
                continue;
            }
            baseUrls.Add(new BaseUrlModel(id, url));
        }

        TlsModel? tls = null;
        if (_yaml.RequiredMapping(api, "tls", "api") is { } tlsNode)
        {
            CheckKeys(tlsNode, "api.tls", "minimum", "requiredFrom", "description");
            string? minimum = _yaml.RequiredScalar(tlsNode, "minimum", "api.tls");
            string? from = _yaml.RequiredScalar(tlsNode, "requiredFrom", "api.tls");
            string description = _yaml.OptionalScalar(tlsNode, "description") ?? "";
            if (minimum is not null && !System.Version.TryParse(minimum, out _))
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(tlsNode, "minimum")!), minimum!, "api.tls.minimum", "a version such as 1.2");
            }
            else if (minimum is not null && from is not null)
            {
                tls = new TlsModel(minimum, from, description);
            }
        }

        var operations = new List<OperationModel>();
        foreach (YamlMappingNode item in _yaml.MappingItems(api, "operations", "api"))
        {
            CheckKeys(item, "an operation", "name", "method", "path", "request", "responses");
            string? name = _yaml.RequiredScalar(item, "name", "an operation");
            string? method = _yaml.RequiredScalar(item, "method", "an operation");
            string? path = _yaml.RequiredScalar(item, "path", "an operation");
            string? request = _yaml.RequiredScalar(item, "request", "an operation");
            if (request is not null) ResolveNamed(request, YamlReader.Child(item, "request")!, "an operation's request");
            var responses = new List<ResponseModel>();
            foreach (YamlMappingNode response in _yaml.MappingItems(item, "responses", "an operation"))
            {
                CheckKeys(response, "a response", "status", "case", "body");
                int? status = _yaml.RequiredInt(response, "status", "a response");
                string? @case = _yaml.RequiredScalar(response, "case", "a response");
                string? body = _yaml.RequiredScalar(response, "body", "a response");
                if (body is not null) ResolveNamed(body, YamlReader.Child(response, "body")!, "a response body");
                if (status is null || @case is null || body is null) continue;
                responses.Add(new ResponseModel(status.Value, @case, CSharpNameOf(body)));
            }
            if (name is null || method is null || path is null || request is null || !CheckIdentifier(name, YamlReader.Child(item, "name")!, "api.operations")) continue;
            operations.Add(new OperationModel(name, method, path, CSharpNameOf(request), responses.ToEquatableArray()));
        }

        var callbacks = new List<CallbackModel>();
        foreach (YamlMappingNode item in _yaml.MappingItems(api, "callbacks", "api"))
        {
            CheckKeys(item, "a callback", "name", "body", "description");
            string? name = _yaml.RequiredScalar(item, "name", "a callback");
            string? body = _yaml.RequiredScalar(item, "body", "a callback");
            if (body is not null) ResolveNamed(body, YamlReader.Child(item, "body")!, "a callback's body");
            if (name is null || body is null || !CheckIdentifier(name, YamlReader.Child(item, "name")!, "api.callbacks")) continue;
            callbacks.Add(new CallbackModel(name, CSharpNameOf(body), _yaml.OptionalScalar(item, "description") ?? ""));
        }

        var hosts = new List<HostModel>();
        foreach (YamlMappingNode item in _yaml.MappingItems(api, "hosts", "api"))
        {
            CheckKeys(item, "a host", "host", "address");
            string? host = _yaml.RequiredScalar(item, "host", "a host");
            string? address = _yaml.RequiredScalar(item, "address", "a host");
            if (address is not null && !System.Net.IPAddress.TryParse(address, out _))
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "address")!), address, "a host's address", "an IP address");
                continue;
            }
            if (host is not null && address is not null) hosts.Add(new HostModel(host, address));
        }

        return authentication is null || tls is null ? null
            : new ApiInfo
            {
                Authentication = authentication, BaseUrls = baseUrls.ToEquatableArray(), Tls = tls, Operations = operations.ToEquatableArray(),
                Callbacks = callbacks.ToEquatableArray(), Hosts = hosts.ToEquatableArray(),
            };
    }

    private EnumModel? ParseEnum(KeyValuePair<YamlNode, YamlNode> entry)
    {
        string name = ((YamlScalarNode)entry.Key).Value ?? "";
        string subject = $"enum '{name}'";
        if (_yaml.AsMapping(entry.Value, subject) is not { } node) return null;
        CheckKeys(node, subject, "description", "values");
        string description = _yaml.OptionalScalar(node, "description") ?? "";
        var values = new List<EnumValueModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlScalarNode value in _yaml.ScalarItems(node, "values", subject))
        {
            string wire = value.Value ?? "";
            string member = NameCase.PascalFromWire(wire);
            if (!CheckIdentifier(member, value, subject) || !Unique(seen, member, value, subject)) continue;
            values.Add(new EnumValueModel(wire, member));
        }
        return new EnumModel(name, description, values.ToEquatableArray(), HasUnknown: false);
    }

    private UnionModel? ParseUnion(KeyValuePair<YamlNode, YamlNode> entry, Dictionary<string, (string, string, bool)> variantOf)
    {
        string name = ((YamlScalarNode)entry.Key).Value ?? "";
        string subject = $"union '{name}'";
        if (_yaml.AsMapping(entry.Value, subject) is not { } node) return null;
        CheckKeys(node, subject, "description", "discriminator", "discriminatorDescription", "enum", "variants", "unknown");
        string description = _yaml.OptionalScalar(node, "description") ?? "";
        string? discriminator = _yaml.RequiredScalar(node, "discriminator", subject);
        string discriminatorDescription = _yaml.OptionalScalar(node, "discriminatorDescription") ?? "";
        string? enumName = _yaml.RequiredScalar(node, "enum", subject);
        string? unknown = _yaml.OptionalScalar(node, "unknown");

        if (enumName is not null && CheckIdentifier(enumName, YamlReader.Child(node, "enum")!, subject))
        {
            if (_declarations.ContainsKey(enumName) || !_csharpNames.Add(enumName))
            {
                Report(DiagnosticDescriptors.DuplicateName, At(YamlReader.Child(node, "enum")!), enumName, "the schema's types, enums and unions");
            }
        }
        if (unknown is not null && CheckIdentifier(unknown, YamlReader.Child(node, "unknown")!, subject) && !_csharpNames.Add(unknown))
        {
            Report(DiagnosticDescriptors.DuplicateName, At(YamlReader.Child(node, "unknown")!), unknown, "the schema's types, enums and unions");
        }

        var variants = new List<VariantModel>();
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode item in _yaml.MappingItems(node, "variants", subject))
        {
            CheckKeys(item, $"a variant of {subject}", "value", "type");
            string? value = _yaml.RequiredScalar(item, "value", $"a variant of {subject}");
            string? type = _yaml.RequiredScalar(item, "type", $"a variant of {subject}");
            if (value is null || type is null) continue;
            YamlNode typeNode = YamlReader.Child(item, "type")!;
            string member = NameCase.PascalFromWire(value);
            if (!CheckIdentifier(member, YamlReader.Child(item, "value")!, subject) || !Unique(members, member, YamlReader.Child(item, "value")!, subject)) continue;
            if (!_declarations.TryGetValue(type, out Declaration declaration) || declaration.Kind != ShapeKind.Object)
            {
                Report(DiagnosticDescriptors.UnknownType, At(typeNode), type, subject, "a type declared under types");
                continue;
            }
            if (variantOf.ContainsKey(type))
            {
                Report(DiagnosticDescriptors.DuplicateName, At(typeNode), type, "the variants of all unions");
                continue;
            }
            variantOf[type] = (name, member, false);
            variants.Add(new VariantModel(value, member, declaration.CSharpName));
        }
        if (variants.Count == 0)
        {
            Report(DiagnosticDescriptors.WrongShape, At(node), $"{subject} needs at least one variant");
        }
        return discriminator is null || enumName is null ? null
            : new UnionModel
            {
                Name = name,
                Description = description,
                Discriminator = discriminator,
                DiscriminatorDescription = discriminatorDescription,
                EnumName = enumName,
                Variants = variants.ToEquatableArray(),
                UnknownType = unknown,
            };
    }

    private TypeModel? ParseType(KeyValuePair<YamlNode, YamlNode> entry, Dictionary<string, (string Union, string EnumMember, bool Unknown)> variantOf, List<UnionModel> unions)
    {
        string name = ((YamlScalarNode)entry.Key).Value ?? "";
        string subject = $"type '{name}'";
        if (_yaml.AsMapping(entry.Value, subject) is not { } node) return null;
        CheckKeys(node, subject, "description", "csharp", "members", "keepUnknownMembers", "rules");
        string csharpName = CSharpNameOf(name);
        string description = _yaml.OptionalScalar(node, "description") ?? "";
        bool keepUnknown = _yaml.OptionalFlag(node, "keepUnknownMembers", subject) ?? false;

        variantOf.TryGetValue(name, out var variant);
        UnionModel? union = variant.Union is null ? null : unions.FirstOrDefault(u => u.Name == variant.Union);
        var wireNames = new HashSet<string>(StringComparer.Ordinal);
        var propertyNames = new HashSet<string>(StringComparer.Ordinal);
        if (union is not null)
        {
            // The discriminator is the union's property; a variant cannot declare it again.
            wireNames.Add(union.Discriminator);
            propertyNames.Add(NameCase.PascalFromWire(union.Discriminator));
        }

        var members = new List<MemberModel>();
        foreach (YamlMappingNode item in _yaml.MappingItems(node, "members", subject))
        {
            if (ParseMember(item, csharpName, subject, wireNames, propertyNames) is { } member) members.Add(member);
        }
        // Every name written, even of members that had errors, so later checks do not repeat those errors.
        _declaredMembers[csharpName] = wireNames;
        return new TypeModel
        {
            Name = csharpName,
            Description = description,
            Union = union?.Name,
            Variant = union is null ? null : variant.EnumMember,
            KeepUnknownMembers = keepUnknown,
            Members = members.ToEquatableArray(),
            Rules = EquatableArray<TypeRule>.Empty,
        };
    }

    private MemberModel? ParseMember(YamlMappingNode item, string typeName, string subject, HashSet<string> wireNames, HashSet<string> propertyNames)
    {
        CheckKeys(item, $"a member of {subject}", MemberKeys);
        string? wire = _yaml.RequiredScalar(item, "name", $"a member of {subject}");
        if (wire is null) return null;
        string memberSubject = $"member '{wire}' of {subject}";
        string? typeText = _yaml.RequiredScalar(item, "type", memberSubject);
        string? requiredText = _yaml.RequiredScalar(item, "required", memberSubject);
        string? condition = _yaml.OptionalScalar(item, "condition");
        string description = _yaml.OptionalScalar(item, "description") ?? "";
        string? csharp = _yaml.OptionalScalar(item, "csharp");
        string? wireFormatText = _yaml.OptionalScalar(item, "wire");
        var aliases = _yaml.ScalarItems(item, "aliases", memberSubject).Select(a => a.Value ?? "").ToList();

        YamlNode nameNode = YamlReader.Child(item, "name")!;
        string property = csharp ?? NameCase.PascalFromWire(wire);
        YamlNode propertyNode = YamlReader.Child(item, "csharp") ?? nameNode;
        bool ok = CheckIdentifier(property, propertyNode, subject);
        if (ok && property == typeName)
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, At(propertyNode), property, subject,
                "a member cannot have the name of its type; give it another C# name with 'csharp'");
            ok = false;
        }
        ok &= Unique(wireNames, wire, nameNode, subject);
        foreach (string alias in aliases) ok &= Unique(wireNames, alias, nameNode, subject);
        ok = ok && Unique(propertyNames, property, propertyNode, subject);

        Requirement required = Requirement.No;
        switch (requiredText)
        {
            case "yes": required = Requirement.Yes; break;
            case "no": required = Requirement.No; break;
            case "conditional":
                required = Requirement.Conditional;
                if (condition is null)
                {
                    Report(DiagnosticDescriptors.WrongShape, At(item), $"{memberSubject} is conditional and needs a 'condition'");
                    ok = false;
                }
                break;
            case null: ok = false; break;
            default:
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "required")!), requiredText, $"'required' of {memberSubject}", "yes, no or conditional");
                ok = false;
                break;
        }

        TypeRef? type = typeText is null ? null : ResolveType(typeText, YamlReader.Child(item, "type")!, memberSubject);
        WireFormat wireFormat = WireFormat.Default;
        if (wireFormatText is not null)
        {
            wireFormat = wireFormatText switch { "string" => WireFormat.String, "number" => WireFormat.Number, _ => WireFormat.Default };
            if (wireFormat == WireFormat.Default)
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "wire")!), wireFormatText, $"'wire' of {memberSubject}", "string or number");
                ok = false;
            }
            else if (type is not null && type.Kind is not (ShapeKind.Int or ShapeKind.Long or ShapeKind.Double))
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "wire")!), wireFormatText, $"'wire' of {memberSubject}", "no 'wire' at all: only int, long and double members choose how they are written");
                ok = false;
            }
        }

        MemberRules? rules = type is null ? null : ParseMemberRules(item, type, memberSubject);
        return ok && type is not null && rules is not null
            ? new MemberModel
            {
                WireName = wire,
                PropertyName = property,
                Type = type,
                Required = required,
                Condition = condition,
                Description = description,
                Aliases = aliases.ToEquatableArray(),
                Wire = wireFormat,
                Rules = rules,
            }
            : null;
    }

    /// <summary>minItems, min, max, format and extensions; `when` is resolved with the type's rules.</summary>
    private MemberRules? ParseMemberRules(YamlMappingNode item, TypeRef type, string subject)
    {
        bool ok = true;
        int? minItems = null;
        if (YamlReader.Child(item, "minItems") is { } minItemsNode)
        {
            minItems = _yaml.RequiredInt(item, "minItems", subject);
            if (type.Kind != ShapeKind.List) ok = NotFor(minItemsNode, "minItems", subject, "only lists have a minimum number of items");
        }
        long? min = _yaml.OptionalLong(item, "min", subject), max = _yaml.OptionalLong(item, "max", subject);
        if ((min is not null || max is not null) && type.Kind is not (ShapeKind.Int or ShapeKind.Long or ShapeKind.Double or ShapeKind.Duration))
        {
            ok = NotFor(YamlReader.Child(item, "min") ?? YamlReader.Child(item, "max")!, "min and max", subject, "only numbers and durations have a range");
        }

        MemberFormat format = MemberFormat.None;
        if (_yaml.OptionalScalar(item, "format") is { } formatText)
        {
            format = FormatOf(formatText);
            if (format == MemberFormat.None)
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "format")!), formatText, $"'format' of {subject}", FormatNames);
                ok = false;
            }
            else if (type.Kind != ShapeKind.String && type.Element?.Kind != ShapeKind.String)
            {
                ok = NotFor(YamlReader.Child(item, "format")!, "format", subject, "only strings and lists of strings have a format");
            }
        }

        var extensions = _yaml.ScalarItems(item, "extensions", subject).Select(e => (e.Value ?? "").TrimStart('.').ToLowerInvariant()).ToList();
        if (extensions.Count > 0 && type.Kind != ShapeKind.String)
        {
            ok = NotFor(YamlReader.Child(item, "extensions")!, "extensions", subject, "only strings (links, file names) have an extension");
        }
        return ok
            ? new MemberRules
            {
                MinItems = minItems,
                Min = min,
                Max = max,
                Format = format,
                Extensions = extensions.ToEquatableArray(),
                When = EquatableArray<EnumCondition>.Empty,
            }
            : null;
    }

    private bool NotFor(YamlNode at, string key, string subject, string why)
    {
        Report(DiagnosticDescriptors.InvalidValue, At(at), key, subject, "no such rule here: " + why);
        return false;
    }

    private EquatableArray<PayloadModel> ParsePayloads(YamlMappingNode root, List<TypeModel> types, List<UnionModel> unions)
    {
        var payloads = new List<PayloadModel>();
        var detectNames = new List<string>();
        foreach (YamlMappingNode item in _yaml.MappingItems(root, "payloads", "the schema"))
        {
            CheckKeys(item, "a payload", "type", "title", "detect");
            string? type = _yaml.RequiredScalar(item, "type", "a payload");
            string? title = _yaml.RequiredScalar(item, "title", "a payload");
            var detect = _yaml.ScalarItems(item, "detect", "a payload").ToList();
            if (type is null || title is null) continue;
            YamlNode typeNode = YamlReader.Child(item, "type")!;
            if (!_declarations.TryGetValue(type, out Declaration declaration) || declaration.Kind == ShapeKind.Enum)
            {
                Report(DiagnosticDescriptors.UnknownType, At(typeNode), type, "a payload", "a type or union");
                continue;
            }
            // Detection looks at member names, so they must be members the payload can have.
            HashSet<string> known = declaration.Kind == ShapeKind.Union
                ? [unions.FirstOrDefault(u => u.Name == type)?.Discriminator ?? ""]
                : _declaredMembers.TryGetValue(declaration.CSharpName, out HashSet<string>? members) ? members : [];
            foreach (YamlScalarNode member in detect.Where(d => !known.Contains(d.Value ?? "")))
            {
                Report(DiagnosticDescriptors.InvalidValue, At(member), member.Value ?? "", $"the detect list of payload '{type}'", "a member of " + type);
            }
            if (detect.Count == 0)
            {
                Report(DiagnosticDescriptors.WrongShape, At(item), $"payload '{type}' needs at least one member in 'detect'");
            }
            foreach (YamlScalarNode member in detect.Where(d => !detectNames.Contains(d.Value ?? "")))
            {
                detectNames.Add(member.Value ?? "");
                if (detectNames.Count == Emitter.MaxDetectNames + 1)
                {
                    Report(DiagnosticDescriptors.TooManyDetectNames, At(member), member.Value ?? "", detectNames.Count.ToString(CultureInfo.InvariantCulture), Emitter.MaxDetectNames.ToString(CultureInfo.InvariantCulture));
                }
            }
            payloads.Add(new PayloadModel(declaration.CSharpName, title, detect.Select(d => d.Value ?? "").ToEquatableArray()));
        }
        return payloads.ToEquatableArray();
    }

    /// <summary>The templates section: read by its own reader (the sandbox reads it too), its names held to the contract's.</summary>
    private (TemplateMapping? Mapping, TemplateTypes? Types) ParseTemplates(YamlMappingNode root, List<EnumModel> enums, List<UnionModel> unions, List<TypeModel> types)
    {
        if (YamlReader.Child(root, "templates") is not { } node) return (null, null);
        if (node is not YamlMappingNode section)
        {
            Report(DiagnosticDescriptors.WrongShape, At(node), "'templates' is a mapping with contract, header, body, buttons and unsupported");
            return (null, null);
        }
        CheckKeys(section, "templates", "contract", "header", "body", "buttons", "textOnly", "unsupported");
        TemplateTypes? templateTypes = ParseTemplateTypes(section, types, enums);
        TemplateMapping? mapping = TemplateMapping.Read(section, (at, message) => Report(DiagnosticDescriptors.WrongShape, At(at), message));
        if (mapping is null || templateTypes is null) return (null, null);
        var components = enums.SelectMany(e => e.Values).Select(v => v.Wire).ToList();
        var parameters = unions.SelectMany(u => u.Variants).Select(v => v.Value).ToList();
        foreach (string component in new[] { mapping.HeaderComponent, mapping.BodyComponent, mapping.ButtonComponent }.Concat(mapping.Buttons.Select(b => b.SubType!).Where(s => s is not null)))
        {
            if (!components.Contains(component)) Report(DiagnosticDescriptors.InvalidValue, At(section), component, "templates", "a value of an enum (the component types and button sub types)");
        }
        foreach (string kind in mapping.HeaderFormats.Select(f => f.Parameter).Concat(mapping.BodyParameters).Concat(mapping.Buttons.Select(b => b.Parameter!).Where(p => p is not null)))
        {
            if (!parameters.Contains(kind)) Report(DiagnosticDescriptors.InvalidValue, At(section), kind, "templates", "a variant of a union (the parameter types)");
        }
        return (mapping, templateTypes);
    }

    /// <summary>templates.contract: the types a template message is built from, each declared above and shaped as a builder needs.</summary>
    private TemplateTypes? ParseTemplateTypes(YamlMappingNode section, List<TypeModel> types, List<EnumModel> enums)
    {
        const string subject = "templates.contract";
        if (_yaml.RequiredMapping(section, "contract", "templates") is not { } node) return null;
        CheckKeys(node, subject, "message", "template", "language", "component", "parameter");
        string? Declared(string key, ShapeKind kind, string expected)
        {
            if (_yaml.RequiredScalar(node, key, subject) is not { } name) return null;
            if (_declarations.TryGetValue(name, out Declaration declaration) && declaration.Kind == kind) return declaration.CSharpName;
            Report(DiagnosticDescriptors.UnknownType, At(YamlReader.Child(node, key)!), name, $"'{key}' of {subject}", expected);
            return null;
        }
        string? message = Declared("message", ShapeKind.Object, "a type declared under types");
        string? template = Declared("template", ShapeKind.Object, "a type declared under types");
        string? language = Declared("language", ShapeKind.Object, "a type declared under types");
        string? component = Declared("component", ShapeKind.Object, "a type declared under types");
        string? parameter = Declared("parameter", ShapeKind.Union, "a union declared under unions");
        if (message is null || template is null || language is null || component is null || parameter is null) return null;
        var names = new TemplateTypes { Message = message, Template = template, Language = language, Component = component, Parameter = parameter };
        bool ok = true;
        foreach (string problem in TemplateContract.Problems(names, types, enums))
        {
            Report(DiagnosticDescriptors.WrongShape, At(node), $"{subject}: {problem}");
            ok = false;
        }
        return ok ? names : null;
    }

    private EquatableArray<ProblemModel> ParseProblems(YamlMappingNode root)
    {
        var problems = new List<ProblemModel>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode item in _yaml.MappingItems(root, "problems", "the schema"))
        {
            CheckKeys(item, "a problem", "code", "name", "severity", "title", "message");
            string? code = _yaml.RequiredScalar(item, "code", "a problem");
            string? name = _yaml.RequiredScalar(item, "name", "a problem");
            string? severity = _yaml.RequiredScalar(item, "severity", "a problem");
            string? title = _yaml.RequiredScalar(item, "title", "a problem");
            if (code is null || name is null || severity is null || title is null) continue;
            if (!Unique(codes, code, YamlReader.Child(item, "code")!, "problems") || !CheckIdentifier(name, YamlReader.Child(item, "name")!, "problems") || !Unique(names, name, YamlReader.Child(item, "name")!, "problems")) continue;
            if (severity is not ("error" or "warning"))
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "severity")!), severity, $"the severity of problem {code}", "error or warning");
                continue;
            }
            // A member rule's problem has the messages its check fills; a type rule's problem takes the rule's own.
            var forms = Checks.MemberChecks.Forms.Concat(LinkMobility.WhatsApp.Templates.TemplateChecks.Forms).Where(f => f.Problem == name).ToList();
            var messages = forms.Count == 0 && YamlReader.Child(item, "message") is null
                ? EquatableArray<ProblemMessage>.Empty
                : Messages(item, $"problem {code}", forms.Select(f => (f.Form, f.Placeholders)).ToList());
            if (messages is null) continue;
            problems.Add(new ProblemModel(code, name, severity, title, messages.Value));
        }
        // The checks against your templates (TemplateChecks) need theirs when the schema maps templates.
        IEnumerable<string> needed = YamlReader.Child(root, "templates") is null
            ? BuiltInProblems
            : BuiltInProblems.Concat(LinkMobility.WhatsApp.Templates.TemplateChecks.Forms.Select(f => f.Problem).Distinct());
        foreach (string missing in needed.Where(b => !names.Contains(b)))
        {
            YamlNode at = root.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == "problems") ?? root;
            Report(DiagnosticDescriptors.WrongShape, At(at), $"the problems table needs '{missing}', which member rules and JSON reading report");
        }
        return problems.ToEquatableArray();
    }

    /// <summary>
    /// A `message`: one template, or a mapping of form to template, holding exactly the forms asked for
    /// ("" for a single message) and no placeholder but the ones each fills.
    /// </summary>
    private EquatableArray<ProblemMessage>? Messages(YamlMappingNode owner, string subject, IReadOnlyList<(string Form, string[] Placeholders)> forms)
    {
        YamlNode? node = YamlReader.Child(owner, "message");
        bool single = forms.Count == 1 && forms[0].Form.Length == 0;
        if (node is null)
        {
            Report(DiagnosticDescriptors.WrongShape, At(owner), single ? $"{subject} needs a 'message'" : $"{subject} needs a 'message' with the forms {string.Join(", ", forms.Select(f => f.Form))}");
            return null;
        }
        var messages = new List<ProblemMessage>();
        var texts = new List<(string Form, YamlScalarNode Text)>();
        if (single && node is YamlScalarNode scalar) texts.Add(("", scalar));
        else if (!single && node is YamlMappingNode mapping)
        {
            CheckKeys(mapping, $"the message of {subject}", [.. forms.Select(f => f.Form)]);
            foreach ((string form, _) in forms)
            {
                if (YamlReader.Child(mapping, form) is YamlScalarNode text) texts.Add((form, text));
                else Report(DiagnosticDescriptors.WrongShape, At(mapping), $"the message of {subject} needs the form '{form}' (a text)");
            }
        }
        else
        {
            Report(DiagnosticDescriptors.WrongShape, At(node), single ? $"the 'message' of {subject} is a text" : $"the 'message' of {subject} is a mapping of {string.Join(", ", forms.Select(f => f.Form))} to texts");
            return null;
        }
        bool ok = texts.Count == forms.Count;
        foreach ((string form, YamlScalarNode text) in texts)
        {
            string template = text.Value ?? "";
            string[] allowed = forms.First(f => f.Form == form).Placeholders;
            foreach (string placeholder in Validation.ProblemText.Placeholders(template).Where(p => Array.IndexOf(allowed, p) < 0).Distinct())
            {
                Report(DiagnosticDescriptors.InvalidValue, At(text), "{" + placeholder + "}", $"the message of {subject}", "a placeholder it fills: " + string.Join(", ", allowed.Select(a => "{" + a + "}")));
                ok = false;
            }
            messages.Add(new ProblemMessage(form, template));
        }
        return ok ? messages.ToEquatableArray() : null;
    }

    private EquatableArray<ResultCodeModel> ParseResultCodes(YamlMappingNode root)
    {
        var codes = new List<ResultCodeModel>();
        var seenCodes = new HashSet<string>(StringComparer.Ordinal);
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode item in _yaml.MappingItems(root, "resultCodes", "the schema"))
        {
            CheckKeys(item, "a result code", "code", "name", "description", "explanation", "outcome", "final");
            int? code = _yaml.RequiredInt(item, "code", "a result code");
            string? name = _yaml.RequiredScalar(item, "name", "a result code");
            string? description = _yaml.RequiredScalar(item, "description", "a result code");
            string explanation = _yaml.OptionalScalar(item, "explanation") ?? "";
            string? outcome = _yaml.RequiredScalar(item, "outcome", "a result code");
            bool? final = _yaml.OptionalFlag(item, "final", "a result code");
            if (code is null || name is null || description is null || outcome is null) continue;
            if (!Unique(seenCodes, code.Value.ToString(CultureInfo.InvariantCulture), YamlReader.Child(item, "code")!, "resultCodes")) continue;
            if (!CheckIdentifier(name, YamlReader.Child(item, "name")!, "resultCodes") || !Unique(seenNames, name, YamlReader.Child(item, "name")!, "resultCodes")) continue;
            if (Array.IndexOf(Outcomes, outcome) < 0)
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "outcome")!), outcome, $"the outcome of result code {code}", string.Join(", ", Outcomes));
                continue;
            }
            codes.Add(new ResultCodeModel(code.Value, name, description, explanation, outcome, final ?? true));
        }
        return codes.ToEquatableArray();
    }

    private EquatableArray<LanguageModel> ParseLanguages(YamlMappingNode root)
    {
        var languages = new List<LanguageModel>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode item in _yaml.MappingItems(root, "languages", "the schema"))
        {
            CheckKeys(item, "a language", "code", "name", "csharp");
            string? code = _yaml.RequiredScalar(item, "code", "a language");
            string? name = _yaml.RequiredScalar(item, "name", "a language");
            if (code is null || name is null) continue;
            string identifier = _yaml.OptionalScalar(item, "csharp") ?? LanguageIdentifier(name);
            YamlNode at = YamlReader.Child(item, "csharp") ?? YamlReader.Child(item, "name")!;
            if (!Unique(codes, code, YamlReader.Child(item, "code")!, "languages") || !CheckIdentifier(identifier, at, "languages") || !Unique(identifiers, identifier, at, "languages")) continue;
            languages.Add(new LanguageModel(code, name, identifier));
        }
        return languages.ToEquatableArray();
    }

    private const string FormatNames = "msisdn, phone, httpUrl or languageCode";

    private static MemberFormat FormatOf(string name) => name switch
    {
        "msisdn" => MemberFormat.Msisdn,
        "phone" => MemberFormat.Phone,
        "httpUrl" => MemberFormat.HttpUrl,
        "languageCode" => MemberFormat.LanguageCode,
        _ => MemberFormat.None,
    };

    /// <summary>The formats' patterns, for JSON Schema (the C# checks are Formats.cs, which says why a value fails).</summary>
    private EquatableArray<FormatModel> ParseFormats(YamlMappingNode root)
    {
        var formats = new List<FormatModel>();
        foreach (YamlMappingNode item in _yaml.MappingItems(root, "formats", "the schema"))
        {
            CheckKeys(item, "a format", "name", "pattern", "jsonFormat", "description");
            string? name = _yaml.RequiredScalar(item, "name", "a format");
            string? pattern = _yaml.OptionalScalar(item, "pattern");
            if (name is null) continue;
            MemberFormat format = FormatOf(name);
            if (format == MemberFormat.None)
            {
                Report(DiagnosticDescriptors.InvalidValue, At(YamlReader.Child(item, "name")!), name, "a format's name", FormatNames);
                continue;
            }
            formats.Add(new FormatModel(format, pattern, _yaml.OptionalScalar(item, "jsonFormat"), _yaml.OptionalScalar(item, "description") ?? ""));
        }
        return formats.ToEquatableArray();
    }

    private EquatableArray<ErratumModel> ParseErrata(YamlMappingNode root)
    {
        var errata = new List<ErratumModel>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlMappingNode item in _yaml.MappingItems(root, "errata", "the schema"))
        {
            CheckKeys(item, "an erratum", "id", "where", "problem", "resolution");
            string? id = _yaml.RequiredScalar(item, "id", "an erratum");
            string? where = _yaml.RequiredScalar(item, "where", "an erratum");
            string? problem = _yaml.RequiredScalar(item, "problem", "an erratum");
            string? resolution = _yaml.RequiredScalar(item, "resolution", "an erratum");
            if (id is null || where is null || problem is null || resolution is null || !Unique(ids, id, YamlReader.Child(item, "id")!, "errata")) continue;
            errata.Add(new ErratumModel(id, where, problem, resolution));
        }
        return errata.ToEquatableArray();
    }

    // --- Names and types ---------------------------------------------------------------------

    private readonly record struct Declaration(ShapeKind Kind, string CSharpName);

    private void Declare(YamlMappingNode section, ShapeKind kind, string subject)
    {
        foreach (KeyValuePair<YamlNode, YamlNode> entry in section.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } name } key)
            {
                Report(DiagnosticDescriptors.WrongShape, At(entry.Key), $"the names under {subject} must be plain words");
                continue;
            }
            string csharp = name;
            YamlNode at = key;
            if (kind == ShapeKind.Object && entry.Value is YamlMappingNode body && YamlReader.Child(body, "csharp") is YamlScalarNode { Value: { } alias } aliasNode)
            {
                csharp = alias;
                at = aliasNode;
            }
            if (!CheckIdentifier(csharp, at, subject)) continue;
            if (_declarations.ContainsKey(name) || !_csharpNames.Add(csharp))
            {
                Report(DiagnosticDescriptors.DuplicateName, At(at), csharp, "the schema's types, enums and unions");
                continue;
            }
            _declarations[name] = new Declaration(kind, csharp);
        }
    }

    private string CSharpNameOf(string documentName) =>
        _declarations.TryGetValue(documentName, out Declaration declaration) ? declaration.CSharpName : documentName;

    private void ResolveNamed(string name, YamlNode at, string subject)
    {
        if (!_declarations.TryGetValue(name, out Declaration declaration) || declaration.Kind == ShapeKind.Enum)
        {
            Report(DiagnosticDescriptors.UnknownType, At(at), name, subject, "a type or union");
        }
    }

    private TypeRef? ResolveType(string text, YamlNode at, string subject)
    {
        text = text.Trim();
        if (text.StartsWith("List<", StringComparison.Ordinal) && text.EndsWith(">", StringComparison.Ordinal))
        {
            TypeRef? element = ResolveType(text.Substring(5, text.Length - 6), at, subject);
            if (element is { Kind: ShapeKind.Date or ShapeKind.Duration or ShapeKind.Map or ShapeKind.List })
            {
                Report(DiagnosticDescriptors.InvalidValue, At(at), text, subject, "a list of string, int, long, double, bool, an enum, a type or a union");
                return null;
            }
            return element is null ? null : new TypeRef(ShapeKind.List, null, element);
        }
        switch (text)
        {
            case "string": return new TypeRef(ShapeKind.String);
            case "int": return new TypeRef(ShapeKind.Int);
            case "long": return new TypeRef(ShapeKind.Long);
            case "double": return new TypeRef(ShapeKind.Double);
            case "bool": return new TypeRef(ShapeKind.Bool);
            case "date": return new TypeRef(ShapeKind.Date);
            case "durationMs": return new TypeRef(ShapeKind.Duration);
            case "map": return new TypeRef(ShapeKind.Map);
        }
        if (_declarations.TryGetValue(text, out Declaration declaration))
        {
            return new TypeRef(declaration.Kind, declaration.CSharpName);
        }
        Report(DiagnosticDescriptors.UnknownType, At(at), text, subject, BuiltInTypes);
        return null;
    }

    /// <summary>A language's C# name from its document name: "English (US)" -> EnglishUS.</summary>
    private static string LanguageIdentifier(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (string part in name.Split([' ', '(', ')', '-', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.Substring(1));
        }
        return builder.ToString();
    }

    private static bool IsIdentifier(string name, out string why)
    {
        if (!SyntaxFacts.IsValidIdentifier(name))
        {
            why = "it is not a valid C# identifier";
            return false;
        }
        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.VarKeyword)
        {
            why = "it is a C# keyword";
            return false;
        }
        why = "";
        return true;
    }

    private bool CheckIdentifier(string name, YamlNode at, string subject)
    {
        if (IsIdentifier(name, out string why)) return true;
        Report(DiagnosticDescriptors.InvalidIdentifier, At(at), name, subject, why);
        return false;
    }

    private bool Unique(HashSet<string> seen, string name, YamlNode at, string subject)
    {
        if (seen.Add(name)) return true;
        Report(DiagnosticDescriptors.DuplicateName, At(at), name, subject);
        return false;
    }

    // --- YAML access -------------------------------------------------------------------------

    private void CheckKeys(YamlMappingNode node, string subject, params string[] allowed)
    {
        foreach (KeyValuePair<YamlNode, YamlNode> entry in node.Children)
        {
            string key = (entry.Key as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(allowed, key) < 0)
            {
                Report(DiagnosticDescriptors.UnknownKey, At(entry.Key), key, subject, string.Join(", ", allowed));
            }
        }
    }

    // --- Diagnostics -------------------------------------------------------------------------

    private LocationInfo At(YamlNode node) => At(node.Start, node.End);

    private LocationInfo At(Mark start, Mark end)
    {
        int startIndex = (int)Math.Max(0, start.Index);
        int endIndex = (int)Math.Max(startIndex, end.Index);
        var lineSpan = new LinePositionSpan(
            new LinePosition((int)Math.Max(0, start.Line - 1), (int)Math.Max(0, start.Column - 1)),
            new LinePosition((int)Math.Max(0, end.Line - 1), (int)Math.Max(0, end.Column - 1)));
        return new LocationInfo(_path, TextSpan.FromBounds(startIndex, endIndex), lineSpan);
    }

    private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) _hasErrors = true;
        _diagnostics.Add(new DiagnosticInfo(descriptor, location, arguments.ToEquatableArray()));
    }

    /// <summary>Remembers where the YAML parser last got to, for errors that come without a position.</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark LastEnd { get; private set; } = Mark.Empty;

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current) LastEnd = current.End;
            return inner.MoveNext();
        }
    }

}
