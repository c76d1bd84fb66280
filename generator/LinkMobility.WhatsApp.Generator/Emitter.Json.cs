using System.Linq;
using LinkMobility.WhatsApp.Generator.Model;

using static LinkMobility.WhatsApp.Generator.CSharpText;

namespace LinkMobility.WhatsApp.Generator;

// JSON reading and writing as straight-line Utf8JsonReader/Utf8JsonWriter code: no reflection,
// no polymorphism metadata, pre-encoded names, nothing allocated when writing.
internal static partial class Emitter
{
    /// <summary>How many distinct member names the payloads may be detected by: one bit each of a long, the sign bit unused.</summary>
    public const int MaxDetectNames = 63;

    private const string Reader = "global::System.Text.Json.Utf8JsonReader";
    private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    private const string JsonRead = "global::LinkMobility.WhatsApp.Serialization.JsonRead";
    private const string JsonWrite = "global::LinkMobility.WhatsApp.Serialization.JsonWrite";
    private const string TokenNull = "global::System.Text.Json.JsonTokenType.Null";

    private static void EmitJson(IndentedWriter writer, EmitContext context)
    {
        Doc(writer, "The pre-encoded JSON member names of the contract.");
        writer.Line(GeneratedCode);
        using (writer.Block("internal static class JsonNames"))
        {
            foreach (var pair in context.NameFields.OrderBy(p => p.Value, System.StringComparer.Ordinal))
            {
                writer.Line($"public static readonly global::System.Text.Json.JsonEncodedText {pair.Value} = global::System.Text.Json.JsonEncodedText.Encode({Literal(pair.Key)});");
            }
        }
        writer.Line();

        foreach (UnionModel union in context.Model.Unions)
        {
            EmitUnionJson(writer, context, union);
        }
        foreach (TypeModel type in context.Model.Types)
        {
            if (type.IsUnknownVariant) EmitUnknownVariantJson(writer, context, type);
            else EmitTypeJson(writer, context, type);
        }
        foreach (EnumModel model in context.Model.Enums)
        {
            EmitConverter(writer, model.Name, $"{model.Name}Wire.Read(ref reader)", $"writer.WriteStringValue({model.Name}Wire.Encoded(value))");
        }
        EmitPayloads(writer, context);
    }

    private static void EmitUnionJson(IndentedWriter writer, EmitContext context, UnionModel union)
    {
        string allowed = string.Join(", ", union.Variants.Select(v => v.Value));
        using (writer.Block($"partial class {union.Name}"))
        {
            Doc(writer, "Writes this value as one JSON object, the discriminator first.");
            writer.Line($"public abstract void WriteTo({Writer} writer);");
            writer.Line();

            Doc(writer, $"Reads {EmitContext.Describe(union.Name)} at the reader's position; the variant is chosen by '{union.Discriminator}', wherever it stands in the object.");
            using (writer.Block($"public static {union.Name} ReadFrom(ref {Reader} reader)"))
            {
                writer.Line($"{JsonRead}.StartObject(ref reader, {Literal(EmitContext.Describe(union.Name))});");
                using (writer.Block($"if (!{JsonRead}.FindDiscriminator(reader, {Utf8(union.Discriminator)}, out {Reader} discriminator))"))
                {
                    writer.Line(union.UnknownType is { } unknownType
                        ? $"return {unknownType}.ReadFrom(ref reader);"
                        : $"throw {JsonRead}.MissingDiscriminator(ref reader, {Literal(Capitalize(EmitContext.Describe(union.Name)))}, {Literal(union.Discriminator)}, {Literal(allowed)});");
                }
                using (writer.Block("if (discriminator.TokenType == global::System.Text.Json.JsonTokenType.String)"))
                {
                    foreach (VariantModel variant in union.Variants)
                    {
                        writer.Line($"if (discriminator.ValueTextEquals({Utf8(variant.Value)})) return {variant.Type}.ReadFrom(ref reader);");
                    }
                }
                writer.Line(union.UnknownType is { } unknown
                    ? $"return {unknown}.ReadFrom(ref reader);"
                    : $"throw {JsonRead}.AtMember({JsonRead}.UnknownValue(ref discriminator, {Literal(EmitContext.Describe(union.EnumName).Substring(2).TrimStart())}, {Literal(allowed)}), {Literal(union.Discriminator)});");
            }
            writer.Line();
            EmitDocumentMethods(writer, union.Name, isVariant: false);
        }
        writer.Line();
        EmitConverter(writer, union.Name, $"{union.Name}.ReadFrom(ref reader)", "value.WriteTo(writer)");
    }

    private static void EmitUnknownVariantJson(IndentedWriter writer, EmitContext context, TypeModel type)
    {
        UnionModel union = context.Unions[type.Union!];
        using (writer.Block($"partial class {type.Name}"))
        {
            Doc(writer, "Writes the JSON object as it came (or, when built in code, just its discriminator).");
            using (writer.Block($"public override void WriteTo({Writer} writer)"))
            {
                using (writer.Block("if (Json.ValueKind == global::System.Text.Json.JsonValueKind.Object)"))
                {
                    writer.Line("Json.WriteTo(writer);");
                    writer.Line("return;");
                }
                writer.Line("writer.WriteStartObject();");
                writer.Line($"if (Discriminator is {{ }} discriminator) writer.WriteString({context.EncodedName(union.Discriminator)}, discriminator);");
                writer.Line("writer.WriteEndObject();");
            }
            writer.Line();
            Doc(writer, "Keeps the whole object at the reader's position.");
            using (writer.Block($"public static new {type.Name} ReadFrom(ref {Reader} reader)"))
            {
                writer.Line($"{JsonRead}.StartObject(ref reader, {Literal(EmitContext.Describe(union.Name))});");
                writer.Line($"string? discriminator = {JsonRead}.FindDiscriminator(reader, {Utf8(union.Discriminator)}, out {Reader} value) && value.TokenType == global::System.Text.Json.JsonTokenType.String ? {JsonRead}.Text(ref value) : null;");
                writer.Line($"return new {type.Name} {{ Discriminator = discriminator, Json = {JsonRead}.Element(ref reader) }};");
            }
            writer.Line();
            EmitDocumentMethods(writer, type.Name, isVariant: true);
        }
        writer.Line();
        EmitConverter(writer, type.Name, $"{type.Name}.ReadFrom(ref reader)", "value.WriteTo(writer)");
    }

    private static void EmitTypeJson(IndentedWriter writer, EmitContext context, TypeModel type)
    {
        context.Unions.TryGetValue(type.Union ?? "", out UnionModel? union);
        bool isVariant = union is not null;
        using (writer.Block($"partial class {type.Name}"))
        {
            // Writing.
            Doc(writer, "Writes this value as one JSON object; members that are null are left out.");
            using (writer.Block($"public {(isVariant ? "override " : "")}void WriteTo({Writer} writer)"))
            {
                EmitWriteObject(writer, context, type, new WriteScope(Receiver: "", Depth: 0), name: null);
            }
            writer.Line();

            // Reading.
            Doc(writer, $"Reads {EmitContext.Describe(type.Name)} at the reader's position. Members this contract does not know are {(type.KeepUnknownMembers ? "kept in AdditionalMembers" : "skipped")}.");
            using (writer.Block($"public static {(isVariant ? "new " : "")}{type.Name} ReadFrom(ref {Reader} reader)"))
            {
                writer.Line($"{JsonRead}.StartObject(ref reader, {Literal(EmitContext.Describe(type.Name))});");
                foreach (MemberModel member in type.Members)
                {
                    writer.Line($"{TypeName(member.Type)}? {Local(member.PropertyName)} = null;");
                }
                if (type.KeepUnknownMembers) writer.Line("global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? additionalMembers = null;");
                writer.Line("string? member = null;");
                using (writer.Block("try"))
                {
                    using (writer.Block($"while ({JsonRead}.NextMember(ref reader))"))
                    {
                        string keyword = "if";
                        foreach (MemberModel member in type.Members)
                        {
                            string condition = string.Join(" || ", new[] { member.WireName }.Concat(member.Aliases).Select(n => $"reader.ValueTextEquals({Utf8(n)})"));
                            using (writer.Block($"{keyword} ({condition})"))
                            {
                                writer.Line($"member = {Literal(member.WireName)};");
                                writer.Line($"{JsonRead}.Value(ref reader);");
                                writer.Line($"{Local(member.PropertyName)} = {ReadExpression(member.Type, "reader")};");
                                writer.Line("member = null;");
                            }
                            keyword = "else if";
                        }
                        if (union is not null)
                        {
                            // The discriminator already chose this type.
                            writer.Line($"{keyword} (reader.ValueTextEquals({Utf8(union.Discriminator)})) {JsonRead}.Skip(ref reader);");
                            keyword = "else if";
                        }
                        string other = type.KeepUnknownMembers ? $"{JsonRead}.Keep(ref reader, ref additionalMembers);" : $"{JsonRead}.Skip(ref reader);";
                        writer.Line(keyword == "if" ? other : $"else {other}");
                    }
                }
                using (writer.Block("catch (global::System.Text.Json.JsonException ex) when (member is not null)"))
                {
                    writer.Line($"throw {JsonRead}.AtMember(ex, member);");
                }

                // Required members are set through the initializer; a required value missing from the
                // JSON is then put back to "missing" so it is not written back as a default.
                var required = type.Members.Where(m => m.Required == Requirement.Yes).ToList();
                var optional = type.Members.Where(m => m.Required != Requirement.Yes).ToList();
                writer.Line($"var result = new {type.Name}");
                writer.Line("{");
                foreach (MemberModel member in required)
                {
                    writer.Line($"    {member.PropertyName} = {Local(member.PropertyName)}{(member.Type.IsValueType ? ".GetValueOrDefault()" : "!")},");
                }
                foreach (MemberModel member in optional)
                {
                    writer.Line($"    {member.PropertyName} = {Local(member.PropertyName)},");
                }
                if (type.KeepUnknownMembers) writer.Line("    AdditionalMembers = additionalMembers,");
                writer.Line("};");
                foreach (MemberModel member in required.Where(m => m.Type.IsValueType))
                {
                    writer.Line($"result.{BackingField(member)} = {Local(member.PropertyName)};");
                }
                writer.Line("return result;");
            }
            writer.Line();
            EmitDocumentMethods(writer, type.Name, isVariant);
        }
        writer.Line();
        EmitConverter(writer, type.Name, $"{type.Name}.ReadFrom(ref reader)", "value.WriteTo(writer)");
    }

    private static void EmitDocumentMethods(IndentedWriter writer, string typeName, bool isVariant)
    {
        string hide = isVariant ? "new " : "";
        Doc(writer, $"Reads one whole JSON document (UTF-8) as {EmitContext.Describe(typeName)}.",
            "A fault throws WhatsAppJsonException with the JSON path, line and position.");
        writer.Line($"public static {hide}{typeName} Parse(global::System.ReadOnlySpan<byte> utf8Json) => {JsonRead}.Parse(utf8Json, static (ref {Reader} reader) => ReadFrom(ref reader));");
        writer.Line();
        Doc(writer, $"Reads one whole JSON document as {EmitContext.Describe(typeName)}.",
            "A fault throws WhatsAppJsonException with the JSON path, line and position.");
        writer.Line($"public static {hide}{typeName} Parse(string json) => Parse(global::System.Text.Encoding.UTF8.GetBytes(json));");
        writer.Line();
        if (isVariant) return;
        Doc(writer, "This value as UTF-8 JSON.");
        writer.Line($"public byte[] ToUtf8Json(bool indented = false) => {JsonWrite}.ToUtf8(this, static (value, writer) => value.WriteTo(writer), indented);");
        writer.Line();
        Doc(writer, "This value as JSON text.");
        writer.Line("public string ToJson(bool indented = false) => global::System.Text.Encoding.UTF8.GetString(ToUtf8Json(indented));");
        writer.Line();
    }

    /// <summary>How deep objects and union variants are written inline before a nested value's WriteTo is called.</summary>
    /// <remarks>
    /// One method per JSON object costs more than the work it does: each is a call, and the JIT inlines the writer's
    /// fast paths into every one of them, so the code spreads over several times the instruction cache. Hand-written
    /// code writes a message and its nested objects in one method; so does this, down to this depth.
    /// </remarks>
    private const int MaxInlineDepth = 3;

    /// <summary>Where an object's members are read from: <c>this</c> (an empty receiver) or a local of an enclosing writer.</summary>
    private sealed record WriteScope(string Receiver, int Depth)
    {
        /// <summary>The local that holds a member's value, unique among the enclosing scopes.</summary>
        public string Local(string propertyName) => CSharpText.Local(propertyName) + Suffix;

        /// <summary>One of the writer's own locals (item, variant, ...): no '_', so never a member's local.</summary>
        public string Own(string name) => name + Suffix;

        private string Suffix => Depth == 0 ? "" : Depth.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public WriteScope Nested(string receiverLocal) => new(receiverLocal + ".", Depth + 1);
    }

    /// <summary>Writes one object of <paramref name="type"/>: as a property when <paramref name="name"/> is given, else as a value.</summary>
    private static void EmitWriteObject(IndentedWriter writer, EmitContext context, TypeModel type, WriteScope scope, string? name)
    {
        writer.Line(name is null ? "writer.WriteStartObject();" : $"writer.WriteStartObject({name});");
        if (type.Union is { } unionName)
        {
            UnionModel union = context.Unions[unionName];
            writer.Line($"writer.WriteString({context.EncodedName(union.Discriminator)}, {union.EnumName}Wire.{EncodedField(type.Variant!)});");
        }
        foreach (MemberModel member in type.Members) EmitWriteMember(writer, context, member, scope);
        if (type.KeepUnknownMembers)
        {
            string additional = scope.Own("additionalMembers");
            writer.Line($"if ({scope.Receiver}AdditionalMembers is {{ }} {additional}) {JsonWrite}.Unknown(writer, {additional});");
        }
        writer.Line("writer.WriteEndObject();");
    }

    private static void EmitWriteMember(IndentedWriter writer, EmitContext context, MemberModel member, WriteScope scope)
    {
        string name = context.EncodedName(member.WireName);
        string source = scope.Receiver + (member.HasBackingField ? BackingField(member) : member.PropertyName);
        string local = scope.Local(member.PropertyName);
        TypeRef type = member.Type;
        if (type.Kind == ShapeKind.List)
        {
            using (writer.Block($"if ({source} is {{ }} {local})"))
            {
                writer.Line($"writer.WriteStartArray({name});");
                string item = scope.Own("item");
                using (writer.Block($"foreach ({TypeName(type.Element!)} {item} in {local})"))
                {
                    EmitWriteValue(writer, context, type.Element!, item, scope);
                }
                writer.Line("writer.WriteEndArray();");
            }
            return;
        }
        if (InlineObject(context, type, scope) is { } inline)
        {
            using (writer.Block($"if ({source} is {{ }} {local})"))
            {
                EmitWriteObject(writer, context, inline, scope.Nested(local), name);
            }
            return;
        }
        if (type.Kind == ShapeKind.Union && scope.Depth < MaxInlineDepth)
        {
            using (writer.Block($"if ({source} is {{ }} {local})"))
            {
                writer.Line($"writer.WritePropertyName({name});");
                EmitWriteVariant(writer, context, context.Unions[type.Name!], local, scope);
            }
            return;
        }
        string statement = type.Kind switch
        {
            ShapeKind.String => $"writer.WriteString({name}, {local});",
            ShapeKind.Int or ShapeKind.Long => member.Wire == WireFormat.String
                ? $"{JsonWrite}.Int64AsString(writer, {name}, {local});"
                : $"writer.WriteNumber({name}, {local});",
            ShapeKind.Double => member.Wire == WireFormat.String
                ? $"{JsonWrite}.DoubleAsString(writer, {name}, {local});"
                : $"writer.WriteNumber({name}, {local});",
            ShapeKind.Bool => $"writer.WriteBoolean({name}, {local});",
            ShapeKind.Date => $"{JsonWrite}.Date(writer, {name}, {local});",
            ShapeKind.Duration => $"{JsonWrite}.DurationMs(writer, {name}, {local});",
            ShapeKind.Map => $"{JsonWrite}.Map(writer, {name}, {local});",
            ShapeKind.Enum => $"writer.WriteString({name}, {type.Name}Wire.Encoded({local}));",
            _ => $"{{ writer.WritePropertyName({name}); {local}.WriteTo(writer); }}",
        };
        writer.Line($"if ({source} is {{ }} {local}) {statement}");
    }

    /// <summary>The type to write inline for a member of an object type, or null to call its WriteTo.</summary>
    private static TypeModel? InlineObject(EmitContext context, TypeRef type, WriteScope scope) =>
        type.Kind == ShapeKind.Object && scope.Depth < MaxInlineDepth && context.Types.TryGetValue(type.Name ?? "", out TypeModel? model) && !model.IsUnknownVariant
            ? model
            : null;

    /// <summary>
    /// Writes a union's value with a case per variant written inline, as hand-written code switches, rather than a
    /// virtual call; a variant not known here (the union's unknown variant) writes itself.
    /// </summary>
    private static void EmitWriteVariant(IndentedWriter writer, EmitContext context, UnionModel union, string value, WriteScope scope)
    {
        using (writer.Block($"switch ({value})"))
        {
            string variantLocal = scope.Own("variant");
            foreach (VariantModel variant in union.Variants)
            {
                if (!context.Types.TryGetValue(variant.Type, out TypeModel? type) || type.IsUnknownVariant) continue;
                using (writer.Block($"case {variant.Type} {variantLocal}:"))
                {
                    EmitWriteObject(writer, context, type, scope.Nested(variantLocal), name: null);
                    writer.Line("break;");
                }
            }
            writer.Line("case null: writer.WriteNullValue(); break;");
            writer.Line($"default: {value}.WriteTo(writer); break;");
        }
    }

    /// <summary>Writes one list item; lists hold strings, numbers, booleans, enums, objects or unions (the parser checks).</summary>
    private static void EmitWriteValue(IndentedWriter writer, EmitContext context, TypeRef element, string item, WriteScope scope)
    {
        if (element.Kind == ShapeKind.Union && scope.Depth < MaxInlineDepth)
        {
            EmitWriteVariant(writer, context, context.Unions[element.Name!], item, scope);
            return;
        }
        writer.Line(element.Kind switch
        {
            ShapeKind.String => $"if ({item} is null) writer.WriteNullValue(); else writer.WriteStringValue({item});",
            ShapeKind.Int or ShapeKind.Long or ShapeKind.Double => $"writer.WriteNumberValue({item});",
            ShapeKind.Bool => $"writer.WriteBooleanValue({item});",
            ShapeKind.Enum => $"writer.WriteStringValue({element.Name}Wire.Encoded({item}));",
            // An object per item is one call, as hand-written code calls a method per component.
            _ => $"if ({item} is null) writer.WriteNullValue(); else {item}.WriteTo(writer);",
        });
    }

    /// <summary>An expression that reads the value at the reader (a null token reads as null).</summary>
    private static string ReadExpression(TypeRef type, string reader) => type.Kind switch
    {
        ShapeKind.String => $"{JsonRead}.String(ref {reader})",
        ShapeKind.Int => $"{JsonRead}.Int32(ref {reader})",
        ShapeKind.Long => $"{JsonRead}.Int64(ref {reader})",
        ShapeKind.Double => $"{JsonRead}.Double(ref {reader})",
        ShapeKind.Bool => $"{JsonRead}.Boolean(ref {reader})",
        ShapeKind.Date => $"{JsonRead}.Date(ref {reader})",
        ShapeKind.Duration => $"{JsonRead}.DurationMs(ref {reader})",
        ShapeKind.Map => $"{JsonRead}.Map(ref {reader})",
        ShapeKind.Enum => $"{reader}.TokenType == {TokenNull} ? null : {type.Name}Wire.Read(ref {reader})",
        ShapeKind.Object or ShapeKind.Union => $"{reader}.TokenType == {TokenNull} ? null : {type.Name}.ReadFrom(ref {reader})",
        ShapeKind.List => $"{JsonRead}.List<{TypeName(type.Element!)}>(ref {reader}, static (ref {Reader} item) => {ReadItemExpression(type.Element!)})",
        _ => "null",
    };

    /// <summary>Reads one list item; a null item is kept as null so validation can name it.</summary>
    private static string ReadItemExpression(TypeRef element) => element.IsValueType
        ? $"({ReadExpression(element, "item")}).GetValueOrDefault()"
        : $"({ReadExpression(element, "item")})!";

    private static void EmitConverter(IndentedWriter writer, string typeName, string read, string write)
    {
        Doc(writer, $"Lets System.Text.Json read and write {typeName} with the generated code.");
        writer.Line(GeneratedCode);
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        using (writer.Block($"public sealed class {typeName}JsonConverter : global::System.Text.Json.Serialization.JsonConverter<{typeName}>"))
        {
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public override {typeName} Read(ref {Reader} reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) =>");
            writer.Line($"    {JsonRead}.ReadForConverter(ref reader, static (ref {Reader} reader) => {read});");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public override void Write({Writer} writer, {typeName} value, global::System.Text.Json.JsonSerializerOptions options) => {write};");
        }
        writer.Line();
    }

    private static void EmitPayloads(IndentedWriter writer, EmitContext context)
    {
        Doc(writer, "The top-level JSON documents of the API: what they are called, and how to tell them apart.");
        writer.Line(GeneratedCode);
        using (writer.Block("public static partial class Payloads"))
        {
            Doc(writer, "Every payload, in the order Detect tries them.");
            writer.Line("public static global::System.Collections.Generic.IReadOnlyList<global::LinkMobility.WhatsApp.PayloadInfo> All { get; } =");
            writer.Line("[");
            foreach (PayloadModel payload in context.Model.Payloads)
            {
                writer.Line($"    new({Literal(payload.Title)}, typeof({payload.Type}), [{string.Join(", ", payload.Detect.Select(Literal))}]),");
            }
            writer.Line("];");
            writer.Line();

            Doc(writer, "Says which payload a JSON object is, from its top-level member names; null when none fits.",
                "Malformed JSON, or JSON that is not an object, throws WhatsAppJsonException.");
            // The detect names as bits of a long: detection reads the member names without making a string of any.
            // The parser holds them to MaxDetectNames (LMWA0017).
            var names = context.Model.Payloads.SelectMany(p => p.Detect).Distinct().ToList();
            writer.Line("public static global::LinkMobility.WhatsApp.PayloadInfo? Detect(global::System.ReadOnlySpan<byte> utf8Json) =>");
            writer.Line($"    Detected({JsonRead}.Parse(utf8Json, static (ref {Reader} reader) => {JsonRead}.TopLevelMembers(ref reader, DetectNames)));");
            writer.Line();

            EmitDetectRead(writer, context, names);

            Doc(writer, "The first payload whose detect names are all among the found ones (bits of DetectNames).");
            using (writer.Block("private static global::LinkMobility.WhatsApp.PayloadInfo? Detected(long found)"))
            {
                for (int i = 0; i < context.Model.Payloads.Count; i++)
                {
                    long mask = context.Model.Payloads[i].Detect.Aggregate(0L, (m, name) => m | (1L << names.IndexOf(name)));
                    writer.Line($"if ((found & {Number(mask)}L) == {Number(mask)}L) return All[{Number(i)}];");
                }
                writer.Line("return null;");
            }
            writer.Line();
            writer.Line($"private static readonly byte[][] DetectNames = new byte[][] {{ {string.Join(", ", names.Select(n => Utf8(n) + ".ToArray()"))} }};");
            writer.Line();

            Doc(writer, "Reads a JSON document as the given payload's type.");
            EmitPayloadDispatch(writer, context, "object Read", type => $"{type}.Parse(utf8Json)");

            Doc(writer, "Reads a JSON document as the given payload's type and validates it (a document that cannot be read gives its JSON problem).");
            EmitPayloadDispatch(writer, context, "global::LinkMobility.WhatsApp.ValidationResult Validate", type => $"{type}.ValidateJson(utf8Json)");

            Doc(writer, "Writes any payload of this contract.");
            using (writer.Block($"public static void Write({Writer} writer, object payload)"))
            {
                using (writer.Block("switch (payload)"))
                {
                    foreach (PayloadModel payload in context.Model.Payloads)
                    {
                        writer.Line($"case {payload.Type} value: value.WriteTo(writer); break;");
                    }
                    writer.Line("default: throw new global::System.ArgumentException($\"{payload?.GetType().Name ?? \"null\"} is not a payload of this contract\", nameof(payload));");
                }
            }
        }
        writer.Line();
    }

    /// <summary>
    /// Detect's verdict on a payload already read, from its members: lets a reader that guessed the type confirm it
    /// without reading the JSON again. A payload type that cannot tell (a detect name it reads under an alias, holds
    /// in a backing field, or drops as unknown) has no case, so its values give null.
    /// </summary>
    private static void EmitDetectRead(IndentedWriter writer, EmitContext context, System.Collections.Generic.List<string> names)
    {
        Doc(writer, "What Detect says of the JSON a payload was read from, told from the payload's members that are not null (of a member given twice, its last value counts, as in reading); null when none fits or the payload's type cannot tell.");
        using (writer.Block("internal static global::LinkMobility.WhatsApp.PayloadInfo? DetectRead(object payload)"))
        {
            using (writer.Block("switch (payload)"))
            {
                foreach (PayloadModel payload in context.Model.Payloads)
                {
                    if (!context.Types.TryGetValue(payload.Type, out TypeModel? type)) continue;   // a union: its variants differ
                    var bits = new System.Collections.Generic.List<string>();
                    for (int i = 0; i < names.Count; i++)
                    {
                        string name = names[i], bit = Number(1L << i) + "L";
                        MemberModel? member = type.Members.FirstOrDefault(m => m.WireName == name || m.Aliases.Contains(name));
                        if (member is null && type.KeepUnknownMembers) bits.Add($"(Present(value.AdditionalMembers, {Literal(name)}) ? {bit} : 0L)");
                        else if (member is not null && member.WireName == name && member.Aliases.Count == 0 && !member.HasBackingField) bits.Add($"(value.{member.PropertyName} is not null ? {bit} : 0L)");
                        else
                        {
                            bits = null;
                            break;
                        }
                    }
                    if (bits is null) continue;
                    writer.Line($"case {payload.Type} value:");
                    writer.Line("    return Detected(");
                    for (int i = 0; i < bits.Count; i++) writer.Line($"        {bits[i]}{(i < bits.Count - 1 ? " |" : ");")}");
                }
                writer.Line("default: return null;");
            }
        }
        writer.Line();
        Doc(writer, "Whether a member kept as unknown is there and not null: what Detect finds of it.");
        writer.Line("private static bool Present(global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? unknown, string name) =>");
        writer.Line("    unknown is not null && unknown.TryGetValue(name, out global::System.Text.Json.JsonElement value) && value.ValueKind != global::System.Text.Json.JsonValueKind.Null;");
        writer.Line();
    }

    /// <summary>A method that calls <paramref name="call"/> for the payload whose type matches.</summary>
    private static void EmitPayloadDispatch(IndentedWriter writer, EmitContext context, string signature, System.Func<string, string> call)
    {
        using (writer.Block($"public static {signature}(global::LinkMobility.WhatsApp.PayloadInfo payload, global::System.ReadOnlySpan<byte> utf8Json)"))
        {
            foreach (PayloadModel payload in context.Model.Payloads)
            {
                writer.Line($"if (payload.Type == typeof({payload.Type})) return {call(payload.Type)};");
            }
            writer.Line("throw new global::System.ArgumentException($\"{payload.Title} is not a payload of this contract\", nameof(payload));");
        }
        writer.Line();
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
