using System.Linq;
using LinkMobility.WhatsApp.Generator.Templates;

using static LinkMobility.WhatsApp.Generator.CSharpText;

namespace LinkMobility.WhatsApp.Generator;

// The runtime half of the template builders: TemplateMessageFactory, in the contract's package. A generated Create
// method is one call into it with the position of its template's definitions in the compiled registry; it builds
// the message from the definition, with the contract's names from templates.contract (TemplateContract).
internal static partial class Emitter
{
    /// <summary>The most arguments a Create overload takes one by one; more go in an array.</summary>
    private const int FactoryArguments = 16;

    private const string Definition = "global::LinkMobility.WhatsApp.Templates.TemplateDefinition";
    private const string ComponentDefinition = "global::LinkMobility.WhatsApp.Templates.TemplateComponentDefinition";
    private const string TextForm = "global::LinkMobility.WhatsApp.Templates.TemplateTextForm";

    private static void EmitTemplateMessages(IndentedWriter writer, TemplateContract names)
    {
        string message = names.TemplateMessage, parameter = names.ParameterBase, component = names.Component;
        Doc(writer, "Builds the messages of the template builders generated from your templates file, from the definitions they were compiled with.",
            "The generated Create methods call it; it is public for them, not for you. Built once per definition, a plan of each template's components and parameter conversions makes a message as fast as by hand.");
        writer.Line(GeneratedCode);
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        using (writer.Block("public sealed class TemplateMessageFactory"))
        {
            writer.Line($"private readonly global::System.Collections.Generic.IReadOnlyList<{Definition}> _definitions;");
            writer.Line("private readonly Plan?[] _plans;");
            writer.Line();
            Doc(writer, "A factory for the definitions of a generated registry, in its order.");
            writer.Line("/// <exception cref=\"global::System.ArgumentNullException\">The registry is null.</exception>");
            using (writer.Block($"public TemplateMessageFactory({Registry} registry)"))
            {
                writer.Line("if (registry is null) throw new global::System.ArgumentNullException(nameof(registry));");
                writer.Line("_definitions = registry.Definitions;");
                writer.Line("_plans = new Plan?[_definitions.Count];");
            }
            for (int count = 0; count <= FactoryArguments; count++)
            {
                var arguments = Enumerable.Range(1, count).Select(i => "argument" + Number(i)).ToList();
                writer.Line();
                Doc(writer, count == 0 ? "The message of a template that takes no arguments." : $"The message of a template that takes {count} argument{(count == 1 ? "" : "s")}.");
                writer.Line("/// <param name=\"first\">The position of the template's first language among the registry's definitions.</param>");
                writer.Line("/// <param name=\"count\">How many languages the builder has (they follow the first).</param>");
                writer.Line("/// <param name=\"language\">The builder's language: 0 for the first.</param>");
                foreach (string argument in arguments) writer.Line($"/// <param name=\"{argument}\">An argument, in the order of the components' parameters.</param>");
                writer.Line("/// <exception cref=\"global::System.ArgumentNullException\">An argument is null.</exception>");
                writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The language is not one of the builder's.</exception>");
                using (writer.Block($"public {message} Create(int first, int count, int language{string.Concat(arguments.Select(a => ", object? " + a))})"))
                {
                    writer.Line($"Building building = Start(first, count, language, {Number(count)});");
                    foreach (string argument in arguments) writer.Line($"building.Add({argument});");
                    writer.Line("return building.Finish();");
                }
            }
            writer.Line();
            Doc(writer, $"The message of a template that takes more than {FactoryArguments} arguments.");
            writer.Line("/// <param name=\"first\">The position of the template's first language among the registry's definitions.</param>");
            writer.Line("/// <param name=\"count\">How many languages the builder has (they follow the first).</param>");
            writer.Line("/// <param name=\"language\">The builder's language: 0 for the first.</param>");
            writer.Line("/// <param name=\"arguments\">The arguments, in the order of the components' parameters.</param>");
            writer.Line("/// <exception cref=\"global::System.ArgumentNullException\">An argument is null.</exception>");
            writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The language is not one of the builder's.</exception>");
            using (writer.Block($"public {message} Create(int first, int count, int language, params object?[] arguments)"))
            {
                writer.Line("if (arguments is null) throw new global::System.ArgumentNullException(nameof(arguments));");
                writer.Line("Building building = Start(first, count, language, arguments.Length);");
                writer.Line("foreach (object? argument in arguments) building.Add(argument);");
                writer.Line("return building.Finish();");
            }
            writer.Line();
            using (writer.Block("private Building Start(int first, int count, int language, int arguments)"))
            {
                writer.Line("if ((uint)language >= (uint)count) throw new global::System.ArgumentOutOfRangeException(nameof(language), language, \"Not a language of this template.\");");
                writer.Line("int at = first + language;");
                writer.Line("// Two threads may both make a definition's plan; either one serves.");
                writer.Line("Plan plan = _plans[at] ?? (_plans[at] = Plan.Of(_definitions[at]));");
                writer.Line("if (plan.Arguments.Length != arguments) throw new global::System.InvalidOperationException($\"The builder of {_definitions[at]} passes {arguments} arguments, and its definition has {plan.Arguments.Length}: the generated code and its registry differ.\");");
                writer.Line("return new Building(plan);");
            }
            writer.Line();
            EmitFromText(writer, names, parameter);
            writer.Line();
            EmitPlan(writer, names, parameter);
            writer.Line();
            Doc(writer, "A message being built: the components are added in order, each when its first argument comes (or at the end).");
            using (writer.Block("private struct Building"))
            {
                writer.Line("private readonly Plan _plan;");
                writer.Line($"private readonly {message} _message;");
                writer.Line($"private readonly global::System.Collections.Generic.List<{component}> _components;");
                writer.Line($"private global::System.Collections.Generic.List<{parameter}>? _parameters;");
                writer.Line("private int _argument;");
                writer.Line("private int _left;");
                writer.Line();
                using (writer.Block("public Building(Plan plan)"))
                {
                    writer.Line("_plan = plan;");
                    writer.Line($"_components = new global::System.Collections.Generic.List<{component}>(plan.Components.Length);");
                    writer.Line($"_message = new {message} {{ {names.TemplateProperty} = new {names.Template} {{ {names.NamespaceProperty} = plan.Namespace, {names.NameProperty} = plan.Name, {names.LanguageProperty} = new {names.Language} {{ {names.CodeProperty} = plan.Language }}, {names.ComponentsProperty} = _components }} }};");
                    writer.Line("_parameters = null;");
                    writer.Line("_argument = 0;");
                    writer.Line("_left = 0;");
                }
                writer.Line();
                using (writer.Block("public void Add(object? argument)"))
                {
                    writer.Line("while (_left == 0) Next();");
                    writer.Line("ArgumentPlan plan = _plan.Arguments[_argument++];");
                    writer.Line("_parameters!.Add(plan.Convert(argument, plan.Name));");
                    writer.Line("_left--;");
                }
                writer.Line();
                using (writer.Block($"public {message} Finish()"))
                {
                    writer.Line("while (_components.Count < _plan.Components.Length) Next();");
                    writer.Line("return _message;");
                }
                writer.Line();
                using (writer.Block("private void Next()"))
                {
                    writer.Line("ComponentPlan plan = _plan.Components[_components.Count];");
                    writer.Line($"_parameters = new global::System.Collections.Generic.List<{parameter}>(plan.Parameters);");
                    writer.Line($"_components.Add(new {component} {{ {names.TypeProperty} = plan.Type, {names.SubTypeProperty} = plan.SubType, {names.IndexProperty} = plan.Index, {names.ParametersProperty} = _parameters }});");
                    writer.Line("_left = plan.Parameters;");
                }
            }
        }
    }

    /// <summary>
    /// Parameters from text, for TemplateValues (a CSV's cells): a parameter type whose argument is a string takes the
    /// text, one whose argument is a link takes an absolute URL, any other is not given by text.
    /// </summary>
    private static void EmitFromText(IndentedWriter writer, TemplateContract names, string parameter)
    {
        var conversions = names.ParameterKinds.Select(k => (Kind: k, Conversion: names.Argument(k))).ToList();
        string FormOf(TemplateContract.Conversion conversion) => conversion.Type switch
        {
            "string" => "Text",
            "global::System.Uri" => "Link",
            _ => "None",
        };
        Doc(writer, "How a parameter of this type is given as text: the text itself, an absolute URL, or not at all.");
        writer.SwitchExpression($"internal static {TextForm} TextFormOf(string kind) => kind",
            conversions.Select(c => $"{Literal(c.Kind)} => {TextForm}.{FormOf(c.Conversion)}").Append($"_ => {TextForm}.None"));
        writer.Line();
        Doc(writer, "A parameter of this type from text: checked by TextFormOf first (a link is an absolute URL); null when not given by text.");
        writer.SwitchExpression($"internal static {parameter}? FromText(string kind, string value) => kind",
            conversions.Where(c => FormOf(c.Conversion) != "None")
                .Select(c => $"{Literal(c.Kind)} => {c.Conversion.Build(FormOf(c.Conversion) == "Link" ? "new global::System.Uri(value, global::System.UriKind.Absolute)" : "value")}")
                .Append("_ => null"));
    }

    /// <summary>The plan of one definition, and the conversions from a builder's arguments to each parameter type.</summary>
    private static void EmitPlan(IndentedWriter writer, TemplateContract names, string parameter)
    {
        string convert = $"global::System.Func<object?, string, {parameter}>";
        Doc(writer, "What a definition's message is made of: its template, its components, and how each argument becomes a parameter.");
        using (writer.Block("private sealed class Plan"))
        {
            writer.Line("public required string Namespace { get; init; }");
            writer.Line("public required string Name { get; init; }");
            writer.Line("public required string Language { get; init; }");
            writer.Line("public required ComponentPlan[] Components { get; init; }");
            writer.Line("public required ArgumentPlan[] Arguments { get; init; }");
            writer.Line();
            using (writer.Block($"public static Plan Of({Definition} definition)"))
            {
                writer.Line("var components = new ComponentPlan[definition.Components.Count];");
                writer.Line("var arguments = new global::System.Collections.Generic.List<ArgumentPlan>();");
                using (writer.Block("for (int c = 0; c < components.Length; c++)"))
                {
                    writer.Line($"{ComponentDefinition} component = definition.Components[c];");
                    writer.Line("components[c] = new ComponentPlan(TypeOf(component.Type), component.SubType is null ? null : SubTypeOf(component.SubType), component.Index, component.Parameters.Count);");
                    writer.Line("for (int p = 0; p < component.Parameters.Count; p++) arguments.Add(new ArgumentPlan(component.Parameters[p].Name, component.Parameters[p].Kinds.Count == 1 ? ConversionOf(component.Parameters[p].Kinds[0]) : s_given));");
                }
                writer.Line("// A builder is made only for a template with a namespace (LMWA0015 otherwise).");
                writer.Line("return new Plan { Namespace = definition.Namespace ?? \"\", Name = definition.Name, Language = definition.Language, Components = components, Arguments = arguments.ToArray() };");
            }
            writer.Line();
            writer.SwitchExpression($"private static {names.ComponentTypeEnum} TypeOf(string wire) => wire",
                names.ComponentTypes.Select(t => $"{Literal(t.Wire)} => {t.Member}").Append("_ => throw Unknown(\"component type\", wire)"));
            writer.Line();
            writer.SwitchExpression($"private static {names.SubTypeEnum} SubTypeOf(string wire) => wire",
                names.SubTypes.Select(t => $"{Literal(t.Wire)} => {t.Member}").Append("_ => throw Unknown(\"button sub type\", wire)"));
            writer.Line();
            writer.SwitchExpression($"private static {convert} ConversionOf(string kind) => kind",
                names.ParameterKinds.Select(k => $"{Literal(k)} => s_{KindField(k)}").Append("_ => throw Unknown(\"parameter type\", kind)"));
            writer.Line();
            writer.Line("private static global::System.Exception Unknown(string what, string wire) => new global::System.InvalidOperationException($\"The registry has a {what} '{wire}' that this contract does not know.\");");
            writer.Line();
            writer.Line("// A parameter of several types, or a media object or its link, comes as the parameter a generated struct made.");
            writer.Line($"private static readonly {convert} s_given = (value, name) => value as {parameter} ?? throw Wrong(value, name, \"{parameter.Replace("global::", "")}\");");
            foreach (string kind in names.ParameterKinds)
            {
                TemplateContract.Conversion conversion = names.Argument(kind);
                writer.Line($"private static readonly {convert} s_{KindField(kind)} = (value, name) => value is {conversion.Type} argument ? {conversion.Build("argument")} : value as {parameter} ?? throw Wrong(value, name, \"{conversion.Type.Replace("global::", "")}\");");
            }
            writer.Line();
            writer.Line("private static global::System.Exception Wrong(object? value, string name, string expected) => value is null");
            writer.Line("    ? new global::System.ArgumentNullException(name)");
            writer.Line("    : new global::System.ArgumentException($\"Expected {expected}, not {value.GetType()}: the generated code and its registry differ.\", name);");
        }
        writer.Line();
        Doc(writer, "A component: its type, a button's sub type and index, and how many parameters it takes.");
        writer.Line($"private sealed record ComponentPlan({names.ComponentTypeEnum} Type, {names.SubTypeEnum}? SubType, int? Index, int Parameters);");
        writer.Line();
        Doc(writer, "An argument: its name (the builder's parameter's) and its conversion to a parameter.");
        writer.Line($"private sealed record ArgumentPlan(string Name, {convert} Convert);");
    }

    private static string KindField(string kind) => Common.NameCase.LowerFirst(Common.NameCase.PascalWords(kind));
}
