using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LinkMobility.WhatsApp.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LinkMobility.WhatsApp.TemplateFiles;

/// <summary>
/// Reads a templates file: WhatsApp's template list as its template management returns it (a bare list or
/// <c>{"data": [...]}</c>, JSON or YAML), one entry per template and language. Never throws for bad input: every
/// problem is reported at its line, and a template with an error gets no spec.
/// </summary>
/// <remarks>
/// Beside WhatsApp's members, an entry may have <c>namespace</c> (LINK's, else the file's) and <c>parameter_names</c>:
/// <c>{ header: name, body: [names], buttons: [names] }</c> (buttons by their place, null for one without a parameter).
/// Without names: <c>header{Type}</c> (headerImage), <c>body1</c>, <c>body2</c>..., and a button's text in camel case
/// with its parameter type (trackOrderPayload).
/// </remarks>
internal sealed class TemplateFileReader
{
    private static readonly Regex Placeholder = new(@"\{\{\s*([^{}]*?)\s*\}\}", RegexOptions.CultureInvariant);

    private readonly TemplateMapping _mapping;
    private readonly string? _namespace;
    private readonly bool _namespaceRequired;
    private readonly List<TemplateFileProblem> _problems = [];
    private readonly YamlReader _yaml;

    // Set when the template being read has something this API version cannot send: it gets a warning, no spec.
    private bool _unsendable;

    private TemplateFileReader(TemplateMapping mapping, string? @namespace, bool namespaceRequired)
    {
        _mapping = mapping;
        _namespaceRequired = namespaceRequired;
        _namespace = string.IsNullOrWhiteSpace(@namespace) ? null : @namespace;
        _yaml = new YamlReader((node, message) => Problem(TemplateFileProblemKind.Malformed, node.Start, message));
    }

    /// <summary>
    /// Reads a templates file's text; <paramref name="namespace"/> is LINK's namespace for entries without their own.
    /// A builder needs one (<paramref name="namespaceRequired"/>); checking messages does not.
    /// </summary>
    public static TemplatesFileSpec Read(string text, string? @namespace, TemplateMapping mapping, bool namespaceRequired = true)
    {
        var reader = new TemplateFileReader(mapping, @namespace, namespaceRequired);
        var templates = new List<TemplateSpec>();
        try
        {
            reader.ReadAll(text, templates);
        }
        catch (YamlException ex)
        {
            reader.Problem(TemplateFileProblemKind.Malformed, ex.Start, "the templates file is not valid JSON or YAML: " + YamlReader.Flatten(ex.Message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reader.Problem(TemplateFileProblemKind.Malformed, Mark.Empty, "the templates file cannot be read: " + YamlReader.Flatten(ex.Message));
        }
        return new TemplatesFileSpec { Templates = templates.ToEquatableArray(), Problems = reader._problems.ToEquatableArray() };
    }

    private void ReadAll(string text, List<TemplateSpec> templates)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Problem(TemplateFileProblemKind.Malformed, Mark.Empty, "the templates file is empty; it holds a list of templates, or {\"data\": [...]} as WhatsApp lists them");
            return;
        }
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        YamlNode? root = yaml.Documents.Count == 0 ? null : yaml.Documents[0].RootNode;
        YamlSequenceNode? list = root switch
        {
            YamlSequenceNode sequence => sequence,
            YamlMappingNode mapping when YamlReader.Child(mapping, "data") is YamlSequenceNode data => data,
            _ => null,
        };
        if (list is null)
        {
            Problem(TemplateFileProblemKind.Malformed, root?.Start ?? Mark.Empty, "the templates file holds a list of templates, or {\"data\": [...]} as WhatsApp lists them");
            return;
        }
        if (list.Children.Count == 0)
        {
            Problem(TemplateFileProblemKind.Malformed, list.Start, "the templates file holds no templates");
            return;
        }
        var seen = new HashSet<(string, string)>();
        var starts = new Dictionary<TemplateSpec, Mark>();
        foreach (YamlNode item in list.Children)
        {
            if (item is not YamlMappingNode entry)
            {
                Problem(TemplateFileProblemKind.Malformed, item.Start, "a template is an object with name, language, status and components");
                continue;
            }
            if (ReadTemplate(entry) is not { } template) continue;
            if (!seen.Add((template.Name, template.Language)))
            {
                Problem(TemplateFileProblemKind.Duplicate, entry.Start, $"template '{template.Name}' in language '{template.Language}' is listed more than once");
                continue;
            }
            templates.Add(template);
            starts[template] = entry.Start;
        }
        // One builder per name: a language whose components differ from the first one's is left out of it (and
        // still checked at run time), which the user should know.
        foreach (IGrouping<string, TemplateSpec> name in templates.GroupBy(t => t.Name))
        {
            TemplateSpec first = name.First();
            foreach (TemplateSpec other in name.Skip(1).Where(o => !o.SameShape(first)))
            {
                Problem(TemplateFileProblemKind.LanguagesDiffer, starts[other],
                    $"template '{other.Name}' in '{other.Language}' has other components or parameters than in '{first.Language}'; its builder covers the languages like '{first.Language}', so build this one by hand (it is still checked)");
            }
        }
    }

    private TemplateSpec? ReadTemplate(YamlMappingNode entry)
    {
        _unsendable = false;
        string? name = _yaml.RequiredScalar(entry, "name", "a template");
        string? language = _yaml.RequiredScalar(entry, "language", "template '" + (name ?? "?") + "'");
        if (name is null || language is null) return null;
        string subject = $"template '{name}' ({language})";
        string status = _yaml.OptionalText(entry, "status") ?? "APPROVED";
        string? ns = _yaml.OptionalText(entry, "namespace") ?? _namespace;
        bool ok = true;

        if (_yaml.OptionalText(entry, "parameter_format") is { } format && _mapping.WhyUnsupported("parameterFormat", format) is { } formatReason)
        {
            return Unsendable(YamlReader.Child(entry, "parameter_format")!, subject, $"its parameter_format is {format}: {formatReason}");
        }
        if (YamlReader.Child(entry, "components") is not YamlSequenceNode components)
        {
            Problem(TemplateFileProblemKind.Malformed, entry.Start, $"{subject} needs 'components' (a list)");
            return null;
        }
        YamlMappingNode? names = YamlReader.Child(entry, "parameter_names") as YamlMappingNode;
        var specs = new List<ComponentSpec>();
        var text = new Shown();
        foreach (YamlNode node in components.Children)
        {
            if (node is not YamlMappingNode component || _yaml.OptionalText(component, "type") is not { } type)
            {
                Problem(TemplateFileProblemKind.Malformed, node.Start, $"a component of {subject} is an object with a 'type'");
                ok = false;
                continue;
            }
            string upper = type.ToUpperInvariant();
            if (_mapping.WhyUnsupported("component", upper) is { } reason) return Unsendable(component, subject, $"it has a {upper} component: {reason}");
            if (!_mapping.ComponentTypes.Contains(upper))
            {
                Problem(TemplateFileProblemKind.UnknownType, component.Start, $"'{type}' is not a WhatsApp template component; expected {string.Join(", ", _mapping.ComponentTypes)}");
                ok = false;
                continue;
            }
            bool fine = upper == _mapping.HeaderType ? Header(component, subject, names, specs, text)
                : upper == _mapping.BodyType ? Body(component, subject, names, specs, text)
                : upper == _mapping.ButtonsType ? Buttons(component, subject, names, specs, text)
                : TextOnly(component, upper, text);
            if (!fine) ok = false;
            if (_unsendable) return null;
        }
        if (!ok) return null;
        if (ns is null && _namespaceRequired)
        {
            Problem(TemplateFileProblemKind.NoNamespace, entry.Start, $"{subject} has no LINK namespace; set Namespace on the WhatsAppTemplates item or 'namespace' in the entry");
            return null;
        }
        return new TemplateSpec
        {
            Name = name,
            Language = language,
            Status = status,
            Category = _yaml.OptionalText(entry, "category"),
            Namespace = ns ?? "",
            Components = specs.ToEquatableArray(),
            Text = text.Lines.ToEquatableArray(),
            Look = text.Look(),
        };
    }

    private TemplateSpec? Unsendable(YamlNode at, string subject, string why)
    {
        Problem(TemplateFileProblemKind.Unsendable, at.Start, $"{subject} cannot be sent with this API version and gets no builder: {why}");
        _unsendable = true;
        return null;
    }

    private bool Header(YamlMappingNode component, string subject, YamlMappingNode? names, List<ComponentSpec> specs, Shown text)
    {
        string format = (_yaml.OptionalText(component, "format") ?? _mapping.HeaderDefaultFormat).ToUpperInvariant();
        if (_mapping.WhyUnsupported("header", format) is { } reason)
        {
            Unsendable(component, subject, $"its header is {format}: {reason}");
            return false;
        }
        HeaderFormatMapping? mapping = _mapping.HeaderFormats.FirstOrDefault(f => f.Format == format);
        if (mapping is null)
        {
            Problem(TemplateFileProblemKind.UnknownType, component.Start, $"'{format}' is not a header format; expected {string.Join(", ", _mapping.HeaderFormats.Select(f => f.Format))}");
            return false;
        }
        string? headerText = _yaml.OptionalText(component, "text");
        text.Add(headerText is null ? $"Header ({format})" : $"Header: {headerText}");
        text.HeaderFormat = format;
        text.HeaderText = headerText;
        if (mapping.OnlyWithPlaceholder)
        {
            if (Placeholders(component, headerText ?? "", subject + "'s header") is not { } count) return false;
            if (count == 0) return true;
            if (count > 1)
            {
                Problem(TemplateFileProblemKind.PlaceholderSequence, component.Start, $"the header of {subject} has {count} placeholders; a header takes one ({{{{1}}}})");
                return false;
            }
        }
        string example = Example(component, "header_text", 0) ?? Example(component, "header_handle", 0) ?? "";
        string name = (names is null ? null : _yaml.OptionalText(names, "header")) ?? "header" + NameCase.UpperFirst(mapping.Parameter);
        specs.Add(new ComponentSpec
        {
            Type = _mapping.HeaderComponent,
            Parameters = new[] { new ParameterSpec { Name = name, Kinds = new[] { mapping.Parameter }.ToEquatableArray(), Example = example.Length == 0 ? null : example } }.ToEquatableArray(),
        });
        return true;
    }

    private bool Body(YamlMappingNode component, string subject, YamlMappingNode? names, List<ComponentSpec> specs, Shown text)
    {
        string body = _yaml.OptionalText(component, "text") ?? "";
        text.Add("Body: " + body);
        text.Body = body;
        if (Placeholders(component, body, subject + "'s body") is not { } count) return false;
        var given = (YamlReader.Child(names ?? new YamlMappingNode(), "body") as YamlSequenceNode)?.Children.Select(n => (n as YamlScalarNode)?.Value).ToList();
        var parameters = new List<ParameterSpec>();
        for (int i = 0; i < count; i++)
        {
            string? example = (YamlReader.Child(component, "example") is YamlMappingNode ex && YamlReader.Child(ex, "body_text") is YamlSequenceNode rows
                && rows.Children.FirstOrDefault() is YamlSequenceNode row && i < row.Children.Count ? (row.Children[i] as YamlScalarNode)?.Value : null);
            parameters.Add(new ParameterSpec
            {
                Name = given is not null && i < given.Count && !string.IsNullOrEmpty(given[i]) ? given[i]! : "body" + (i + 1).ToString(CultureInfo.InvariantCulture),
                Kinds = _mapping.BodyParameters,
                Example = example,
            });
        }
        specs.Add(new ComponentSpec { Type = _mapping.BodyComponent, Parameters = parameters.ToEquatableArray() });
        return true;
    }

    private bool TextOnly(YamlMappingNode component, string type, Shown text)
    {
        if (_yaml.OptionalText(component, "text") is { } shown)
        {
            text.Add(NameCase.UpperFirst(type.ToLowerInvariant()) + ": " + shown);
            text.Footer = shown;
        }
        return true;
    }

    private bool Buttons(YamlMappingNode component, string subject, YamlMappingNode? names, List<ComponentSpec> specs, Shown text)
    {
        if (YamlReader.Child(component, "buttons") is not YamlSequenceNode buttons)
        {
            Problem(TemplateFileProblemKind.Malformed, component.Start, $"the {_mapping.ButtonsType} component of {subject} needs 'buttons' (a list)");
            return false;
        }
        var given = (YamlReader.Child(names ?? new YamlMappingNode(), "buttons") as YamlSequenceNode)?.Children.Select(n => (n as YamlScalarNode)?.Value).ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        bool ok = true;
        for (int index = 0; index < buttons.Children.Count; index++)
        {
            if (buttons.Children[index] is not YamlMappingNode button || _yaml.OptionalText(button, "type") is not { } type)
            {
                Problem(TemplateFileProblemKind.Malformed, buttons.Children[index].Start, $"a button of {subject} is an object with a 'type'");
                ok = false;
                continue;
            }
            string upper = type.ToUpperInvariant();
            if (_mapping.WhyUnsupported("button", upper) is { } reason)
            {
                Unsendable(button, subject, $"it has a {upper} button: {reason}");
                return false;
            }
            ButtonMapping? mapping = _mapping.Buttons.FirstOrDefault(b => b.Type == upper);
            if (mapping is null)
            {
                Problem(TemplateFileProblemKind.UnknownType, button.Start, $"'{type}' is not a button type; expected {string.Join(", ", _mapping.Buttons.Select(b => b.Type).Concat(_mapping.Unsupported.Where(u => u.Where == "button").Select(u => u.Value)))}");
                ok = false;
                continue;
            }
            string label = _yaml.OptionalText(button, "text") ?? "";
            string? url = _yaml.OptionalText(button, "url");
            string? phone = _yaml.OptionalText(button, "phone_number");
            text.Add($"Button {index} ({upper}): {label}" + (url is null ? "" : " -> " + url) + (phone is null ? "" : " -> " + phone));
            text.Buttons.Add(new ButtonLook(upper, label, url, phone));
            if (mapping.SubType is null || mapping.Parameter is null) continue;
            if (mapping.OnlyWithPlaceholder)
            {
                if (Placeholders(button, url ?? "", $"button {index} of {subject}") is not { } count) { ok = false; continue; }
                if (count == 0) continue;
                if (count > 1 || !(url ?? "").TrimEnd().EndsWith("}}", StringComparison.Ordinal))
                {
                    Problem(TemplateFileProblemKind.PlaceholderSequence, button.Start, $"the URL of button {index} of {subject} may end in one placeholder ({{{{1}}}}) only");
                    ok = false;
                    continue;
                }
            }
            string name = given is not null && index < given.Count && !string.IsNullOrEmpty(given[index]) ? given[index]! : Camel(label) + NameCase.UpperFirst(mapping.Parameter);
            if (!taken.Add(name)) name += index.ToString(CultureInfo.InvariantCulture);
            string? example = YamlReader.Child(button, "example") is YamlSequenceNode examples && examples.Children.FirstOrDefault() is YamlScalarNode first ? first.Value : null;
            specs.Add(new ComponentSpec
            {
                Type = _mapping.ButtonComponent,
                SubType = mapping.SubType,
                Index = index,
                Parameters = new[] { new ParameterSpec { Name = name, Kinds = new[] { mapping.Parameter }.ToEquatableArray(), Example = example } }.ToEquatableArray(),
            });
        }
        return ok;
    }

    /// <summary>How many placeholders a text has, when they are {{1}}, {{2}}... in order; null (and a problem) otherwise.</summary>
    private int? Placeholders(YamlMappingNode at, string text, string subject)
    {
        int expected = 1;
        foreach (Match match in Placeholder.Matches(text))
        {
            string value = match.Groups[1].Value;
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                Problem(TemplateFileProblemKind.PlaceholderSequence, at.Start, $"{{{{{value}}}}} in {subject} is not a numbered placeholder; this API's parameters are positional ({{{{1}}}}, {{{{2}}}}, ...)");
                return null;
            }
            if (number == expected) expected++;
            else if (number >= expected || number < 1)
            {
                Problem(TemplateFileProblemKind.PlaceholderSequence, at.Start, $"the placeholders of {subject} are out of sequence: {{{{{number}}}}} where {{{{{expected}}}}} comes next");
                return null;
            }
        }
        return expected - 1;
    }

    private static string? Example(YamlMappingNode component, string key, int index) =>
        YamlReader.Child(component, "example") is YamlMappingNode example && YamlReader.Child(example, key) is YamlSequenceNode values
            && index < values.Children.Count && values.Children[index] is YamlScalarNode value ? value.Value : null;

    private void Problem(TemplateFileProblemKind kind, Mark at, string message) =>
        _problems.Add(new TemplateFileProblem { Kind = kind, Message = message, Line = Math.Max(1, (int)at.Line), Column = Math.Max(1, (int)at.Column) });

    /// <summary>"Track my order" -> "trackMyOrder"; "button" for text with no letters or digits.</summary>
    private static string Camel(string text) => NameCase.PascalWords(text) is { Length: > 0 } pascal ? NameCase.LowerFirst(pascal) : "button";

    /// <summary>What a template shows, gathered as its components are read: display lines, and the parts apart.</summary>
    private sealed class Shown
    {
        public List<string> Lines { get; } = new();

        public string? HeaderFormat { get; set; }

        public string? HeaderText { get; set; }

        public string Body { get; set; } = "";

        public string? Footer { get; set; }

        public List<ButtonLook> Buttons { get; } = new();

        public void Add(string line) => Lines.Add(line);

        public TemplateLook Look() => new()
        {
            HeaderFormat = HeaderFormat, HeaderText = HeaderText, Body = Body, Footer = Footer, Buttons = Buttons.ToEquatableArray(),
        };
    }
}
