using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;
using LinkMobility.WhatsApp.TemplateFiles;

namespace LinkMobility.WhatsApp.Generator.Templates;

/// <summary>
/// The contract's names a template builder uses, looked up once in the contract model by the document's wire
/// names (a template message's "template", a component's "parameters", ...), so a renamed C# name in schema.yaml
/// flows into the builders.
/// </summary>
internal sealed class TemplateContract
{
    private readonly ContractModel _model;
    private readonly string _ns;
    private readonly UnionModel _parameters;
    private readonly TypeModel _component;

    // The document's wire names of the members a builder fills (the document defines them with these types).
    private const string NamespaceWire = "namespace";
    private const string NameWire = "name";
    private const string LanguageWire = "language";
    private const string ComponentsWire = "components";
    private static readonly string[] TemplateMembers = [NamespaceWire, NameWire, LanguageWire, ComponentsWire];
    private const string ComponentTypeWire = "type";
    private const string SubTypeWire = "subType";
    private const string IndexWire = "index";
    private static readonly string[] ComponentEnums = [ComponentTypeWire, SubTypeWire];

    public TemplateContract(ContractModel model)
    {
        _model = model;
        _ns = "global::" + model.Document.Namespace + ".";
        TemplateMapping mapping = model.Templates ?? throw new InvalidOperationException("the schema has no templates section");
        TemplateTypes names = model.TemplateTypes ?? throw new InvalidOperationException("the schema's templates section has no contract");
        _component = Type(names.Component);
        MemberModel parametersMember = _component.Members.First(m => IsListOf(m, names.Parameter));
        _parameters = model.Unions.First(u => u.Name == names.Parameter);
        TypeModel template = Type(names.Template);
        TypeModel message = Type(names.Message);
        MemberModel templateMember = message.Members.First(m => m.Type.Name == template.Name);
        MemberModel language = Member(template, LanguageWire);
        TypeModel languageType = Type(names.Language);

        Shapes =
        [
            new TypeShapeNames(template.Name, [("Name", Index(template, NameWire)), ("Language", Index(template, LanguageWire)), ("Components", Index(template, ComponentsWire))]),
            new TypeShapeNames(languageType.Name, [("Code", languageType.Members.ToList().FindIndex(m => m.Rules.Format == MemberFormat.LanguageCode))]),
            new TypeShapeNames(_component.Name, [("Type", Index(_component, ComponentTypeWire)), ("SubType", Index(_component, SubTypeWire)), ("Index", Index(_component, IndexWire)), ("Parameters", _component.Members.ToList().IndexOf(parametersMember))]),
        ];
        EnumWires = ComponentEnums.Select(wire => Member(_component, wire))
            .SelectMany(m => Enum(m.Type.Name!).Values.Select(v => (Enum: m.Type.Name!, v.Name, v.Wire))).ToList();
        TemplateMessage = _ns + message.Name;
        TemplateProperty = templateMember.PropertyName;
        Template = _ns + template.Name;
        NamespaceProperty = Member(template, NamespaceWire).PropertyName;
        NameProperty = Member(template, NameWire).PropertyName;
        LanguageProperty = language.PropertyName;
        Language = _ns + languageType.Name;
        CodeProperty = languageType.Members.First(m => m.Rules.Format == MemberFormat.LanguageCode).PropertyName;
        ComponentsProperty = Member(template, ComponentsWire).PropertyName;
        Component = _ns + _component.Name;
        TypeProperty = Member(_component, ComponentTypeWire).PropertyName;
        SubTypeProperty = Member(_component, SubTypeWire).PropertyName;
        IndexProperty = Member(_component, IndexWire).PropertyName;
        ParametersProperty = parametersMember.PropertyName;
        ParameterBase = _ns + _parameters.Name;
        Factory = _ns + "Templates.TemplateMessageFactory";
        ComponentTypeEnum = _ns + Member(_component, ComponentTypeWire).Type.Name;
        SubTypeEnum = _ns + Member(_component, SubTypeWire).Type.Name;
        ValueTypes = new Dictionary<string, ValueType>(StringComparer.Ordinal)
        {
            [string.Join("|", mapping.BodyParameters)] = new ValueType(Pascal(mapping.BodyComponent, "") + "Value",
                $"A parameter that is {string.Join(", ", mapping.BodyParameters)}", mapping.BodyParameters.Select(k => Argument(k)).ToList()),
        };
        // A media parameter whose object has members a template header allows beside the link (a document's
        // filename; the parameter types' forbid rules say which): from a link, or from the object itself.
        foreach (VariantModel variant in _parameters.Variants)
        {
            if (ObjectMembers(variant) is not { } inner) continue;
            Conversion link = Argument(variant.Value);
            if (link.Type == _ns + inner.Type.Name) continue;
            ValueTypes[variant.Value] = new ValueType(Pascal(variant.Value, "") + "Value", $"A {variant.Value} parameter: its link, or the {inner.Type.Name} with {string.Join(" and ", inner.Optional)}",
                [link, new Conversion(_ns + inner.Type.Name, a => $"new {_ns}{variant.Type} {{ {inner.Member} = {a} }}", variant.Value)]);
        }
    }

    /// <summary>The object a parameter type holds and its optional members that its rules do not forbid (none: null).</summary>
    private (TypeModel Type, string Member, IReadOnlyList<string> Optional)? ObjectMembers(VariantModel variant)
    {
        TypeModel type = _model.Types.First(t => t.Name == variant.Type);
        MemberModel member = type.Members.First(m => m.Required == Requirement.Yes);
        if (member.Type.Kind != ShapeKind.Object) return null;
        TypeModel inner = Type(member.Type.Name!);
        var forbidden = type.Rules.OfType<ForbidRule>().Where(r => r.Path.Steps.Count == 2 && r.Path.Steps[0].Wire == member.WireName).Select(r => r.Path.Last.Wire).ToList();
        var optional = inner.Members.Where(m => m.Required != Requirement.Yes && !forbidden.Contains(m.WireName)).Select(m => m.WireName).ToList();
        return optional.Count == 0 ? null : (inner, member.PropertyName, optional);
    }

    /// <summary>
    /// What the types named in templates.contract lack for a builder, in words (empty when nothing): the parser reports
    /// each at the section, so the emitter never looks for a member that is not there.
    /// </summary>
    public static IEnumerable<string> Problems(TemplateTypes names, IReadOnlyList<TypeModel> types, IReadOnlyList<EnumModel> enums)
    {
        TypeModel? Find(string name) => types.FirstOrDefault(t => t.Name == name);
        if (Find(names.Message) is { } message && !message.Members.Any(m => m.Type.Kind == ShapeKind.Object && m.Type.Name == names.Template))
        {
            yield return $"{names.Message} needs a member of type {names.Template}";
        }
        if (Find(names.Template) is { } template)
        {
            foreach (string wire in TemplateMembers.Where(w => !template.Members.Any(m => m.WireName == w))) yield return $"{names.Template} needs a member '{wire}'";
            if (template.Members.FirstOrDefault(m => m.WireName == LanguageWire) is { } language && language.Type.Name != names.Language) yield return $"{names.Template}.language must be of type {names.Language}";
            if (template.Members.FirstOrDefault(m => m.WireName == ComponentsWire) is { } components && !(components.Type.Kind == ShapeKind.List && components.Type.Element!.Name == names.Component)) yield return $"{names.Template}.components must be a List<{names.Component}>";
        }
        if (Find(names.Language) is { } languageType && !languageType.Members.Any(m => m.Rules.Format == MemberFormat.LanguageCode))
        {
            yield return $"{names.Language} needs a member with format languageCode";
        }
        if (Find(names.Component) is { } component)
        {
            foreach (string wire in ComponentEnums.Where(w => !component.Members.Any(m => m.WireName == w && m.Type.Kind == ShapeKind.Enum && enums.Any(e => e.Name == m.Type.Name))))
            {
                yield return $"{names.Component} needs a member '{wire}' of an enum type";
            }
            if (!component.Members.Any(m => m.WireName == IndexWire)) yield return $"{names.Component} needs a member '{IndexWire}'";
            if (!component.Members.Any(m => IsListOf(m, names.Parameter))) yield return $"{names.Component} needs a member of type List<{names.Parameter}>";
        }
    }

    private static bool IsListOf(MemberModel member, string union) =>
        member.Type is { Kind: ShapeKind.List, Element: { Kind: ShapeKind.Union } element } && element.Name == union;

    private TypeModel Type(string name) => _model.Types.First(t => t.Name == name);

    public string TemplateMessage { get; }
    public string TemplateProperty { get; }
    public string Template { get; }
    public string NamespaceProperty { get; }
    public string NameProperty { get; }
    public string LanguageProperty { get; }
    public string Language { get; }
    public string CodeProperty { get; }
    public string ComponentsProperty { get; }
    public string Component { get; }
    public string TypeProperty { get; }
    public string SubTypeProperty { get; }
    public string IndexProperty { get; }
    public string ParametersProperty { get; }
    public string ParameterBase { get; }

    /// <summary>For the analyzers: the template, language and component types and where their members stand in each type's shape.</summary>
    public IReadOnlyList<TypeShapeNames> Shapes { get; }

    /// <summary>For the analyzers: the component type and button sub type enums' members and wire names.</summary>
    public IReadOnlyList<(string Enum, string Name, string Wire)> EnumWires { get; }

    /// <summary>A type's C# name and the positions of the members the template checks read.</summary>
    public sealed record TypeShapeNames(string Type, IReadOnlyList<(string Role, int Index)> Members);

    /// <summary>The runtime's builder of template messages, which generated Create methods call.</summary>
    public string Factory { get; }

    /// <summary>The component type enum.</summary>
    public string ComponentTypeEnum { get; }

    /// <summary>The button sub type enum.</summary>
    public string SubTypeEnum { get; }

    /// <summary>The structs for parameters given in more than one way (of several types, or a media object or its link), by their types joined with '|'.</summary>
    public Dictionary<string, ValueType> ValueTypes { get; }

    /// <summary>A struct that converts from each of several arguments into a parameter.</summary>
    public sealed record ValueType(string Name, string Summary, IReadOnlyList<Conversion> Conversions);

    /// <summary>An argument's type and how it becomes a parameter of a kind.</summary>
    public sealed record Conversion(string Type, Func<string, string> Build, string Kind);

    /// <summary>The component types' wire names and C# members.</summary>
    public IEnumerable<(string Wire, string Member)> ComponentTypes => EnumMembers(Member(_component, ComponentTypeWire));

    /// <summary>The button sub types' wire names and C# members.</summary>
    public IEnumerable<(string Wire, string Member)> SubTypes => EnumMembers(Member(_component, SubTypeWire));

    /// <summary>The parameter types' wire names (text, image, ...).</summary>
    public IEnumerable<string> ParameterKinds => _parameters.Variants.Select(v => v.Value);

    private IEnumerable<(string Wire, string Member)> EnumMembers(MemberModel member) =>
        Enum(member.Type.Name!).Values.Select(v => (v.Wire, _ns + member.Type.Name + "." + v.Name));

    /// <summary>The C# expression of a component type's enum member.</summary>
    public string ComponentType(string wire) => EnumMember(Member(_component, ComponentTypeWire), wire);

    /// <summary>The C# expression of a button sub type's enum member.</summary>
    public string SubType(string wire) => EnumMember(Member(_component, SubTypeWire), wire);

    /// <summary>The builder argument's type for a parameter of these types.</summary>
    public string ArgumentType(EquatableArray<string> kinds) =>
        ValueTypes.TryGetValue(string.Join("|", kinds), out ValueType? value) ? value.Name : Argument(kinds[0]).Type;

    /// <summary>What a builder passes the factory for an argument: a struct's parameter, or the argument as is.</summary>
    public string Pass(EquatableArray<string> kinds, string argument) =>
        ValueTypes.ContainsKey(string.Join("|", kinds)) ? argument + ".Parameter" : argument;

    /// <summary>
    /// A parameter type's argument and how it becomes the parameter: the variant's one member; a string as is, an
    /// object whose only required member is an http(s) link from a Uri, any other object as is.
    /// </summary>
    public Conversion Argument(string kind)
    {
        VariantModel variant = _parameters.Variants.First(v => v.Value == kind);
        TypeModel type = _model.Types.First(t => t.Name == variant.Type);
        MemberModel member = type.Members.First(m => m.Required == Requirement.Yes);
        string make = $"new {_ns}{type.Name} {{ {member.PropertyName} = ";
        if (member.Type.Kind == ShapeKind.String) return new Conversion("string", a => make + a + " }", kind);
        TypeModel inner = _model.Types.First(t => t.Name == member.Type.Name);
        var required = inner.Members.Where(m => m.Required == Requirement.Yes).ToList();
        if (required.Count == 1 && required[0].Rules.Format == MemberFormat.HttpUrl)
        {
            return new Conversion("global::System.Uri", a => $"{make}new {_ns}{inner.Name} {{ {required[0].PropertyName} = ({a}).OriginalString }} }}", kind);
        }
        return new Conversion(_ns + inner.Name, a => make + a + " }", kind);
    }

    /// <summary>The enum member of a language code (TemplateLanguages' name when the document lists it).</summary>
    public string LanguageMember(string code) =>
        _model.Languages.FirstOrDefault(l => l.Code == code)?.Identifier ?? Pascal(code, "Language");

    private EnumModel Enum(string name) => _model.Enums.First(e => e.Name == name);

    private string EnumMember(MemberModel member, string wire) =>
        _ns + member.Type.Name + "." + Enum(member.Type.Name!).Values.First(v => v.Wire == wire).Name;

    private static MemberModel Member(TypeModel type, string wire) => type.Members.First(m => m.WireName == wire);

    private static int Index(TypeModel type, string wire) => type.Members.ToList().FindIndex(m => m.WireName == wire);

    /// <summary>"order_update" -> "OrderUpdate"; a leading digit gets <paramref name="prefix"/>.</summary>
    public static string Pascal(string text, string prefix)
    {
        string pascal = NameCase.PascalWords(text);
        if (pascal.Length == 0) return prefix.Length == 0 ? "Value" : prefix;
        return char.IsDigit(pascal[0]) ? prefix + pascal : pascal;
    }

    /// <summary>A parameter name as a C# parameter: camelCase letters and digits.</summary>
    public static string Camel(string text) => NameCase.LowerFirst(Pascal(text, "P"));
}
