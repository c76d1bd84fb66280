using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using YamlDotNet.RepresentationModel;

namespace LinkMobility.WhatsApp.TemplateFiles;

/// <summary>schema.yaml's templates section: how WhatsApp template definitions become this API's components.</summary>
internal sealed record TemplateMapping
{
    /// <summary>WhatsApp's type of a header component (HEADER).</summary>
    public required string HeaderType { get; init; }

    /// <summary>The ComponentType a HEADER becomes.</summary>
    public required string HeaderComponent { get; init; }

    /// <summary>The format of a header that names none.</summary>
    public required string HeaderDefaultFormat { get; init; }

    /// <summary>WhatsApp's type of the body (BODY).</summary>
    public required string BodyType { get; init; }

    /// <summary>WhatsApp's type of the buttons component (BUTTONS).</summary>
    public required string ButtonsType { get; init; }

    /// <summary>WhatsApp's components that only show text and send no component (FOOTER).</summary>
    public required EquatableArray<string> TextOnly { get; init; }

    /// <summary>Every WhatsApp component type a sendable template may have.</summary>
    public IEnumerable<string> ComponentTypes => new[] { HeaderType, BodyType, ButtonsType }.Concat(TextOnly);

    public required EquatableArray<HeaderFormatMapping> HeaderFormats { get; init; }

    /// <summary>The ComponentType a BODY becomes.</summary>
    public required string BodyComponent { get; init; }

    /// <summary>The Parameter types one {{n}} of a body may be.</summary>
    public required EquatableArray<string> BodyParameters { get; init; }

    /// <summary>The ComponentType a button becomes.</summary>
    public required string ButtonComponent { get; init; }

    public required EquatableArray<ButtonMapping> Buttons { get; init; }

    public required EquatableArray<UnsupportedMapping> Unsupported { get; init; }

    /// <summary>Reads the section; each problem is reported with the node it is at.</summary>
    public static TemplateMapping? Read(YamlMappingNode section, Action<YamlNode, string> problem)
    {
        var yaml = new YamlReader(problem);
        YamlMappingNode? header = yaml.RequiredMapping(section, "header", "templates");
        YamlMappingNode? body = yaml.RequiredMapping(section, "body", "templates");
        YamlMappingNode? buttons = yaml.RequiredMapping(section, "buttons", "templates");
        if (header is null || body is null || buttons is null) return null;
        var formats = yaml.MappingItems(header, "formats", "templates.header", required: true)
            .Select(f => new HeaderFormatMapping
            {
                Format = yaml.RequiredScalar(f, "format", "a header format") ?? "",
                Parameter = yaml.RequiredScalar(f, "parameter", "a header format") ?? "",
                OnlyWithPlaceholder = yaml.OptionalFlag(f, "placeholder", "a header format") ?? false,
            }).ToEquatableArray();
        var types = yaml.MappingItems(buttons, "types", "templates.buttons", required: true)
            .Select(b => new ButtonMapping
            {
                Type = yaml.RequiredScalar(b, "type", "a button type") ?? "",
                SubType = yaml.OptionalText(b, "subType"),
                Parameter = yaml.OptionalText(b, "parameter"),
                OnlyWithPlaceholder = yaml.OptionalFlag(b, "placeholder", "a button type") ?? false,
            }).ToEquatableArray();
        var unsupported = new List<UnsupportedMapping>();
        foreach (YamlMappingNode item in yaml.MappingItems(section, "unsupported", "templates", required: true))
        {
            string? reason = yaml.RequiredScalar(item, "reason", "an unsupported entry");
            var named = item.Children.Where(c => (c.Key as YamlScalarNode)?.Value != "reason").ToList();
            if (reason is null) continue;
            if (named.Count != 1 || named[0].Key is not YamlScalarNode { Value: { } where } || named[0].Value is not YamlScalarNode { Value: { } value }
                || Array.IndexOf(UnsupportedMapping.Wheres, where) < 0)
            {
                problem(item, $"an unsupported entry names one of {string.Join(", ", UnsupportedMapping.Wheres)} and a reason");
                continue;
            }
            unsupported.Add(new UnsupportedMapping { Where = where, Value = value, Reason = reason });
        }
        string? headerType = yaml.RequiredScalar(header, "type", "templates.header");
        string? headerComponent = yaml.RequiredScalar(header, "component", "templates.header");
        string? headerDefault = yaml.RequiredScalar(header, "defaultFormat", "templates.header");
        string? bodyType = yaml.RequiredScalar(body, "type", "templates.body");
        string? bodyComponent = yaml.RequiredScalar(body, "component", "templates.body");
        string? buttonsType = yaml.RequiredScalar(buttons, "type", "templates.buttons");
        string? buttonComponent = yaml.RequiredScalar(buttons, "component", "templates.buttons");
        var textOnly = yaml.ScalarItems(section, "textOnly", "templates").Select(t => t.Value!).ToEquatableArray();
        var bodyParameters = yaml.ScalarItems(body, "parameters", "templates.body").Select(s => s.Value!).ToEquatableArray();
        if (bodyParameters.Count == 0) problem(body, "templates.body needs 'parameters': the Parameter types a {{n}} may be");
        if (headerType is null || headerComponent is null || headerDefault is null || bodyType is null || bodyComponent is null
            || buttonsType is null || buttonComponent is null) return null;
        return new TemplateMapping
        {
            HeaderType = headerType,
            HeaderComponent = headerComponent,
            HeaderDefaultFormat = headerDefault,
            BodyType = bodyType,
            ButtonsType = buttonsType,
            TextOnly = textOnly,
            HeaderFormats = formats,
            BodyComponent = bodyComponent,
            BodyParameters = bodyParameters,
            ButtonComponent = buttonComponent,
            Buttons = types,
            Unsupported = unsupported.ToEquatableArray(),
        };
    }

    private static readonly Lazy<TemplateMapping?> s_embedded = new(ReadEmbedded);

    /// <summary>The mapping of the schema compiled into this assembly (an embedded resource named schema.yaml), read once.</summary>
    public static TemplateMapping? Embedded() => s_embedded.Value;

    private static TemplateMapping? ReadEmbedded()
    {
        using Stream? stream = typeof(TemplateMapping).Assembly.GetManifestResourceStream("schema.yaml");
        if (stream is null) return null;
        var yaml = new YamlStream();
        using (var reader = new StreamReader(stream)) yaml.Load(reader);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root || YamlReader.Child(root, "templates") is not YamlMappingNode section) return null;
        return Read(section, static (_, message) => throw new InvalidDataException("The embedded schema's templates section is malformed: " + message));
    }

    /// <summary>Why a thing cannot be sent, or null.</summary>
    public string? WhyUnsupported(string where, string value) =>
        Unsupported.FirstOrDefault(u => u.Where == where && string.Equals(u.Value, value, StringComparison.OrdinalIgnoreCase))?.Reason;
}

/// <summary>A HEADER format and the header parameter it takes.</summary>
internal sealed record HeaderFormatMapping
{
    public required string Format { get; init; }

    public required string Parameter { get; init; }

    /// <summary>Only when the header's text holds {{1}}; otherwise it sends no component.</summary>
    public required bool OnlyWithPlaceholder { get; init; }
}

/// <summary>A button type, its button component's subType and its parameter; no subType: no component.</summary>
internal sealed record ButtonMapping
{
    public required string Type { get; init; }

    public string? SubType { get; init; }

    public string? Parameter { get; init; }

    /// <summary>Only when its URL ends in {{1}}; otherwise it sends no component.</summary>
    public required bool OnlyWithPlaceholder { get; init; }
}

/// <summary>What document 1.4.2 cannot send: a header format, a button type, a component or a parameter format.</summary>
internal sealed record UnsupportedMapping
{
    public static readonly string[] Wheres = ["header", "button", "component", "parameterFormat"];

    public required string Where { get; init; }

    public required string Value { get; init; }

    public required string Reason { get; init; }
}
