using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LinkMobility.WhatsApp.Generator.Model;
using YamlDotNet.RepresentationModel;

namespace LinkMobility.WhatsApp.Generator.Templates;

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
        YamlMappingNode? header = Mapping(section, "header", "templates", problem);
        YamlMappingNode? body = Mapping(section, "body", "templates", problem);
        YamlMappingNode? buttons = Mapping(section, "buttons", "templates", problem);
        if (header is null || body is null || buttons is null) return null;
        var formats = Items(header, "formats", "templates.header", problem)
            .Select(f => new HeaderFormatMapping
            {
                Format = Text(f, "format", "a header format", problem) ?? "",
                Parameter = Text(f, "parameter", "a header format", problem) ?? "",
                OnlyWithPlaceholder = Flag(f, "placeholder"),
            }).ToEquatableArray();
        var types = Items(buttons, "types", "templates.buttons", problem)
            .Select(b => new ButtonMapping
            {
                Type = Text(b, "type", "a button type", problem) ?? "",
                SubType = Optional(b, "subType"),
                Parameter = Optional(b, "parameter"),
                OnlyWithPlaceholder = Flag(b, "placeholder"),
            }).ToEquatableArray();
        var unsupported = new List<UnsupportedMapping>();
        foreach (YamlMappingNode item in Items(section, "unsupported", "templates", problem))
        {
            string? reason = Text(item, "reason", "an unsupported entry", problem);
            var what = item.Children.Where(c => (c.Key as YamlScalarNode)?.Value != "reason").ToList();
            if (reason is null) continue;
            if (what.Count != 1 || what[0].Key is not YamlScalarNode { Value: { } where } || what[0].Value is not YamlScalarNode { Value: { } value }
                || Array.IndexOf(UnsupportedMapping.Wheres, where) < 0)
            {
                problem(item, $"an unsupported entry names one of {string.Join(", ", UnsupportedMapping.Wheres)} and a reason");
                continue;
            }
            unsupported.Add(new UnsupportedMapping { Where = where, Value = value, Reason = reason });
        }
        string? headerType = Text(header, "type", "templates.header", problem);
        string? headerComponent = Text(header, "component", "templates.header", problem);
        string? headerDefault = Text(header, "defaultFormat", "templates.header", problem);
        string? bodyType = Text(body, "type", "templates.body", problem);
        string? bodyComponent = Text(body, "component", "templates.body", problem);
        string? buttonsType = Text(buttons, "type", "templates.buttons", problem);
        string? buttonComponent = Text(buttons, "component", "templates.buttons", problem);
        var textOnly = Child(section, "textOnly") is YamlSequenceNode texts
            ? texts.Children.OfType<YamlScalarNode>().Select(t => t.Value ?? "").ToEquatableArray()
            : EquatableArray<string>.Empty;
        var bodyParameters = Child(body, "parameters") is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToEquatableArray()
            : EquatableArray<string>.Empty;
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
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root || Child(root, "templates") is not YamlMappingNode section) return null;
        return Read(section, static (_, message) => throw new InvalidDataException("The embedded schema's templates section is malformed: " + message));
    }

    /// <summary>Why a thing cannot be sent, or null.</summary>
    public string? WhyUnsupported(string where, string value) =>
        Unsupported.FirstOrDefault(u => u.Where == where && string.Equals(u.Value, value, StringComparison.OrdinalIgnoreCase))?.Reason;

    internal static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) ? child : null;

    private static YamlMappingNode? Mapping(YamlMappingNode node, string key, string where, Action<YamlNode, string> problem)
    {
        if (Child(node, key) is YamlMappingNode mapping) return mapping;
        problem(node, $"{where} needs '{key}' (a mapping)");
        return null;
    }

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode node, string key, string where, Action<YamlNode, string> problem)
    {
        if (Child(node, key) is not YamlSequenceNode list)
        {
            problem(node, $"{where} needs '{key}' (a list)");
            return [];
        }
        foreach (YamlNode item in list.Children.Where(i => i is not YamlMappingNode)) problem(item, $"an item of {where}.{key} is a mapping");
        return list.Children.OfType<YamlMappingNode>().ToList();
    }

    private static string? Text(YamlMappingNode node, string key, string what, Action<YamlNode, string> problem)
    {
        if (Child(node, key) is YamlScalarNode { Value: { Length: > 0 } value }) return value;
        problem(node, $"{what} needs '{key}' (a text)");
        return null;
    }

    private static string? Optional(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private static bool Flag(YamlMappingNode node, string key) => Optional(node, key) is "yes" or "true";
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
