using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Checks;
using LinkMobility.WhatsApp.Generator.Model;

using static LinkMobility.WhatsApp.Generator.CSharpText;

namespace LinkMobility.WhatsApp.Generator;

// Enums and classes: the shape of the contract, with the document's descriptions as doc comments.
internal static partial class Emitter
{
    private static void EmitEnums(IndentedWriter writer, EmitContext context)
    {
        foreach (EnumModel model in context.Model.Enums)
        {
            string allowed = string.Join(", ", model.Values.Select(v => v.Wire));
            Doc(writer, model.Description, $"Wire values: {allowed}.");
            writer.Line(GeneratedCode);
            writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({model.Name}JsonConverter))]");
            using (writer.Block($"public enum {model.Name}"))
            {
                if (model.HasUnknown)
                {
                    Doc(writer, "A value this contract version does not know; the payload keeps it as it came.");
                    writer.Line("Unknown,");
                    writer.Line();
                }
                foreach (EnumValueModel value in model.Values)
                {
                    Doc(writer, $"The wire value {value.Wire}.");
                    writer.Line($"{value.Name},");
                    writer.Line();
                }
            }
            writer.Line();

            Doc(writer, $"The wire strings of {model.Name}.");
            writer.Line(GeneratedCode);
            using (writer.Block($"public static partial class {model.Name}Wire"))
            {
                foreach (EnumValueModel value in model.Values)
                {
                    writer.Line($"internal static readonly global::System.Text.Json.JsonEncodedText {EncodedField(value.Name)} = global::System.Text.Json.JsonEncodedText.Encode({Literal(value.Wire)});");
                }
                writer.Line();

                Doc(writer, "The value as it is written in JSON.");
                writer.SwitchExpression($"public static string ToWireString(this {model.Name} value) => value",
                    model.Values.Select(value => $"{model.Name}.{value.Name} => {Literal(value.Wire)}").Append("_ => throw NotWritable(value)"));
                writer.Line();

                Doc(writer, "Whether a value is one of the named values (not a cast number).");
                writer.Line($"public static bool IsDefined({model.Name} value) => value is {string.Join(" or ", model.Values.Select(v => $"{model.Name}.{v.Name}"))};");
                writer.Line();

                Doc(writer, "The wire string of a named value, or the number of any other, for messages.");
                writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
                writer.Line($"public static string Describe({model.Name} value) => IsDefined(value) ? ToWireString(value) : ((int)value).ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
                writer.Line();

                Doc(writer, "Finds the value for a wire string (exact, case-sensitive).");
                using (writer.Block($"public static bool TryParse(string? wire, out {model.Name} value)"))
                {
                    using (writer.Block("switch (wire)"))
                    {
                        foreach (EnumValueModel value in model.Values) writer.Line($"case {Literal(value.Wire)}: value = {model.Name}.{value.Name}; return true;");
                        writer.Line("default: value = default; return false;");
                    }
                }
                writer.Line();

                Doc(writer, "The pre-encoded wire string, for writers.");
                writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
                // Small enough to inline into the writers: the exception is built out of line.
                writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
                writer.SwitchExpression($"public static global::System.Text.Json.JsonEncodedText Encoded({model.Name} value) => value",
                    model.Values.Select(value => $"{model.Name}.{value.Name} => {EncodedField(value.Name)}").Append("_ => throw NotWritable(value)"));
                writer.Line();

                writer.Line($"private static global::System.ArgumentOutOfRangeException NotWritable({model.Name} value) =>");
                writer.Line($"    new(nameof(value), value, \"Not a {model.Name} that can be written; expected one of {allowed}.\");");
                writer.Line();

                Doc(writer, "Reads a wire string at the reader's position.");
                writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
                using (writer.Block($"public static {model.Name} Read(ref global::System.Text.Json.Utf8JsonReader reader)"))
                {
                    using (writer.Block("if (reader.TokenType == global::System.Text.Json.JsonTokenType.String)"))
                    {
                        foreach (EnumValueModel value in model.Values) writer.Line($"if (reader.ValueTextEquals({Utf8(value.Wire)})) return {model.Name}.{value.Name};");
                    }
                    writer.Line($"throw global::LinkMobility.WhatsApp.Serialization.JsonRead.UnknownValue(ref reader, {Literal(EmitContext.Describe(model.Name).Substring(2).TrimStart())}, {Literal(allowed)});");
                }
            }
            writer.Line();
        }
    }

    private static void EmitTypes(IndentedWriter writer, EmitContext context)
    {
        foreach (UnionModel union in context.Model.Unions)
        {
            Doc(writer, union.Description, $"The variant is chosen by the JSON member '{union.Discriminator}': {string.Join(", ", union.Variants.Select(v => $"{v.Value} ({v.Type})"))}" +
                (union.UnknownType is null ? "." : $"; any other value reads as {union.UnknownType}."));
            writer.Line(GeneratedCode);
            writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({union.Name}JsonConverter))]");
            using (writer.Block($"public abstract partial class {union.Name}"))
            {
                Doc(writer, "Only the variants of this contract derive from it.");
                writer.Line($"private protected {union.Name}() {{ }}");
                writer.Line();
                Doc(writer, union.DiscriminatorDescription, $"Wire name {union.Discriminator}; decided by the variant.");
                writer.Line($"public abstract {union.EnumName} {NameCase.PascalFromWire(union.Discriminator)} {{ get; }}");
            }
            writer.Line();
        }

        foreach (TypeModel type in context.Model.Types)
        {
            context.Unions.TryGetValue(type.Union ?? "", out UnionModel? union);
            Doc(writer, type.Description);
            writer.Line(GeneratedCode);
            writer.Line($"[global::System.Text.Json.Serialization.JsonConverter(typeof({type.Name}JsonConverter))]");
            using (writer.Block($"public sealed partial class {type.Name}" + (union is null ? "" : $" : {union.Name}")))
            {
                if (union is not null)
                {
                    string property = NameCase.PascalFromWire(union.Discriminator);
                    string value = type.IsUnknownVariant ? "Unknown" : type.Variant!;
                    writer.Line("/// <inheritdoc/>");
                    writer.Line($"public override {union.EnumName} {property} => {union.EnumName}.{value};");
                    writer.Line();
                }
                if (type.IsUnknownVariant)
                {
                    Doc(writer, $"The {union!.Discriminator} as it came, if it was a string.");
                    writer.Line("public string? Discriminator { get; set; }");
                    writer.Line();
                    Doc(writer, "The whole JSON object as it came; written back unchanged.");
                    writer.Line("public global::System.Text.Json.JsonElement Json { get; set; }");
                    writer.Line();
                }

                foreach (MemberModel member in type.Members)
                {
                    EmitProperty(writer, member);
                }

                if (type.KeepUnknownMembers)
                {
                    Doc(writer, "Members this contract version does not know, kept from reading and written back, so nothing is lost.");
                    writer.Line("public global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? AdditionalMembers { get; set; }");
                    writer.Line();
                }
            }
            writer.Line();
        }
    }

    private static void EmitProperty(IndentedWriter writer, MemberModel member)
    {
        string remarks = $"Wire name {member.WireName}; " + member.Required switch
        {
            Requirement.Yes => "required.",
            Requirement.Conditional => $"conditional: {member.Condition}",
            _ => "optional.",
        };
        if (member.Aliases.Count > 0) remarks += $" Also read as {string.Join(", ", member.Aliases)}.";
        Doc(writer, member.Description, remarks);

        string typeName = TypeName(member.Type);
        if (member.Required != Requirement.Yes)
        {
            writer.Line($"public {typeName}? {member.PropertyName} {{ get; set; }}");
        }
        else if (member.HasBackingField)
        {
            // Kept nullable underneath, so a member missing from the JSON stays missing when written back.
            writer.Line($"public required {typeName} {member.PropertyName} {{ get => {BackingField(member)}.GetValueOrDefault(); set => {BackingField(member)} = value; }}");
            writer.Line();
            writer.Line($"internal {typeName}? {BackingField(member)};");
        }
        else
        {
            writer.Line($"public required {typeName} {member.PropertyName} {{ get; set; }}");
        }
        writer.Line();
    }

    private static string BackingField(MemberModel member) => CSharpText.BackingField(member.PropertyName);
}
