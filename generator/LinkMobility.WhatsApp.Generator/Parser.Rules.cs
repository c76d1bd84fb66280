using System;
using System.Collections.Generic;
using System.Linq;
using LinkMobility.WhatsApp.Common;
using LinkMobility.WhatsApp.Generator.Model;
using YamlDotNet.RepresentationModel;

namespace LinkMobility.WhatsApp.Generator;

// The validation rules of schema.yaml: the `when` of conditional members and each type's `rules`.
// They refer to other types' members, enum values and the problems table, so they are resolved
// after every type has been read.
internal sealed partial class Parser
{
    private sealed class RuleResolver
    {
        private readonly Parser _parser;
        private readonly Dictionary<string, TypeModel> _types;
        private readonly Dictionary<string, EnumModel> _enums;
        private readonly Dictionary<string, UnionModel> _unions;
        private readonly HashSet<string> _problems;

        public RuleResolver(Parser parser, List<TypeModel> types, List<EnumModel> enums, List<UnionModel> unions, EquatableArray<ProblemModel> problems)
        {
            _parser = parser;
            _types = types.ToDictionary(t => t.Name, StringComparer.Ordinal);
            _enums = enums.ToDictionary(e => e.Name, StringComparer.Ordinal);
            _unions = unions.ToDictionary(u => u.Name, StringComparer.Ordinal);
            _problems = new HashSet<string>(problems.Select(p => p.Name), StringComparer.Ordinal);
        }

        public TypeModel Resolve(TypeModel type, YamlMappingNode node)
        {
            string subject = $"type '{type.Name}'";
            var members = type.Members.ToList();
            foreach (YamlMappingNode item in YamlReader.MappingItemsRead(node, "members"))
            {
                if (YamlReader.Child(item, "when") is not { } whenNode) continue;
                int index = members.FindIndex(m => m.WireName == (YamlReader.Child(item, "name") as YamlScalarNode)?.Value);
                if (index < 0) continue; // the member had errors of its own
                MemberModel member = members[index];
                if (member.Required != Requirement.Conditional)
                {
                    _parser.Report(DiagnosticDescriptors.InvalidValue, _parser.At(whenNode), "when", $"member '{member.WireName}' of {subject}", "no 'when': only conditional members have one");
                    continue;
                }
                members[index] = member with { Rules = member.Rules with { When = Conditions(whenNode, type, $"the 'when' of member '{member.WireName}'") } };
            }

            var rules = new List<TypeRule>();
            foreach (YamlMappingNode ruleNode in YamlReader.MappingItemsRead(node, "rules"))
            {
                if (Rule(ruleNode, type, $"a rule of {subject}") is { } rule) rules.Add(rule);
            }
            if (YamlReader.Child(node, "rules") is { } list and not YamlSequenceNode)
            {
                _parser.Report(DiagnosticDescriptors.WrongShape, _parser.At(list), $"'rules' of {subject} must be a list (lines starting with '- ')");
            }
            return type with { Members = members.ToEquatableArray(), Rules = rules.ToEquatableArray() };
        }

        /// <summary>A rule with one message.</summary>
        private static readonly string[] Single = [""];

        /// <summary>
        /// The rule vocabulary: each key of a type's `rules`, how it reads into its record, and the forms its
        /// `message` has (one, or one per case its check tells apart). A rule kind is this entry, its record
        /// (Model/RuleSpecs.cs) and its check (Checks/RuleChecks.cs).
        /// </summary>
        private static readonly (string Key, Func<RuleResolver, YamlMappingNode, TypeModel, string, TypeRule?> Read, string[] MessageForms)[] Kinds =
        [
            ("atLeastOne", static (r, node, type, subject) => r.Members(node, "atLeastOne", type, subject) is { } members
                ? new AtLeastOneRule { Members = members, Problem = "", Messages = default } : null, Single),
            ("notBoth", static (r, node, type, subject) => r.Members(node, "notBoth", type, subject) switch
            {
                { Count: 2 } pair => new NotBothRule { First = pair[0], Second = pair[1], Problem = "", Messages = default },
                null => null,
                _ => r.Fail(node, $"'notBoth' of {subject} names exactly two members"),
            }, Single),
            ("groups", static (r, node, type, subject) => r.Groups(node, type, subject), ["none", "several", "partial"]),
            ("forbid", static (r, node, type, subject) => r._parser._yaml.RequiredScalar(node, "forbid", subject) is { } path && r.Path(path, type, YamlReader.Child(node, "forbid")!, subject) is { } resolved
                ? new ForbidRule { Path = resolved, Problem = "", Messages = default } : null, Single),
            ("extension", static (r, node, type, subject) => r.Extension(node, type, subject), Single),
            ("allow", static (r, node, type, subject) => r.ItemKinds(node, "allow", type, subject), Single),
            ("atMostOne", static (r, node, type, subject) => r.ItemKinds(node, "atMostOne", type, subject), Single),
            ("unique", static (r, node, type, subject) => r.Unique(node, type, subject), Single),
        ];

        /// <summary>The keys a rule may have: its kind's, and those every rule or an items rule has.</summary>
        public static readonly string[] RuleKeys = [.. Kinds.Select(k => k.Key), "items", "when", "problem", "message"];

        private TypeRule? Rule(YamlMappingNode node, TypeModel type, string subject)
        {
            _parser.CheckKeys(node, subject, RuleKeys);
            string? problem = _parser._yaml.RequiredScalar(node, "problem", subject);
            if (problem is not null && !_problems.Contains(problem))
            {
                _parser.Report(DiagnosticDescriptors.InvalidValue, _parser.At(YamlReader.Child(node, "problem")!), problem, subject, "the name of a problem in the problems table");
                problem = null;
            }

            var present = Kinds.Where(k => YamlReader.Child(node, k.Key) is not null).ToList();
            if (present.Count != 1)
            {
                _parser.Report(DiagnosticDescriptors.WrongShape, _parser.At(node), $"{subject} needs exactly one of {string.Join(", ", Kinds.Select(k => k.Key))}");
                return null;
            }
            TypeRule? rule = present[0].Read(this, node, type, subject);
            var forms = present[0].MessageForms.Select(form => (form, Checks.RuleChecks.Placeholders)).ToList();
            EquatableArray<ProblemMessage>? messages = _parser.Messages(node, subject, forms);
            return rule is null || problem is null || messages is null ? null : rule with { Problem = problem, Messages = messages.Value };
        }

        private TypeRule? Groups(YamlMappingNode node, TypeModel type, string subject)
        {
            if (YamlReader.Child(node, "groups") is not YamlSequenceNode { Children.Count: > 1 } groups)
            {
                return Fail(node, $"'groups' of {subject} is a list of at least two lists of members");
            }
            var resolved = new List<MemberGroup>();
            foreach (YamlNode group in groups.Children)
            {
                if (group is not YamlSequenceNode members) return Fail(group, $"each group of {subject} is a list of members, such as [a, b]");
                var refs = members.Children.Select(m => Member(m, type, subject)).ToList();
                if (refs.Any(p => p is null)) return null;
                resolved.Add(new MemberGroup { Members = refs.Select(p => p!).ToEquatableArray() });
            }
            return new GroupsRule { Groups = resolved.ToEquatableArray(), Problem = "", Messages = default };
        }

        private TypeRule? Extension(YamlMappingNode node, TypeModel type, string subject)
        {
            if (YamlReader.Child(node, "extension") is not YamlMappingNode extension) return Fail(node, $"'extension' of {subject} is a mapping with members and allowed");
            _parser.CheckKeys(extension, subject, "members", "allowed");
            var paths = new List<MemberPath>();
            foreach (YamlScalarNode path in _parser._yaml.ScalarItems(extension, "members", subject))
            {
                if (Path(path.Value!, type, path, subject) is not { } resolved) return null;
                if (resolved.Last.Type.Kind != ShapeKind.String) return Fail(path, $"'members' of {subject} are paths to strings (links or file names)");
                paths.Add(resolved);
            }
            var allowed = _parser._yaml.ScalarItems(extension, "allowed", subject).Select(a => a.Value!.TrimStart('.').ToLowerInvariant()).ToList();
            if (paths.Count == 0 || allowed.Count == 0) return Fail(extension, $"'extension' of {subject} needs members and allowed");
            return new ExtensionRule { Paths = paths.ToEquatableArray(), Allowed = allowed.ToEquatableArray(), Problem = "", Messages = default };
        }

        private TypeRule? ItemKinds(YamlMappingNode node, string key, TypeModel type, string subject)
        {
            string? items = _parser._yaml.RequiredScalar(node, "items", subject);
            if (items is null) return null;
            MemberModel? list = type.Members.FirstOrDefault(m => m.WireName == items);
            if (list is null && IsBroken(type, items)) return null;
            if (list is not { Type: { Kind: ShapeKind.List, Element: { Kind: ShapeKind.Union, Name: { } unionName } } } || !_unions.TryGetValue(unionName, out UnionModel? union))
            {
                return Fail(YamlReader.Child(node, "items")!, $"'items' of {subject} names a list of a union in {type.Name}");
            }
            var variants = new List<VariantRef>();
            foreach (YamlScalarNode value in _parser._yaml.ScalarItems(node, key, subject))
            {
                VariantModel? variant = union.Variants.FirstOrDefault(v => v.Value == value.Value);
                if (variant is null)
                {
                    _parser.Report(DiagnosticDescriptors.InvalidValue, _parser.At(value), value.Value ?? "", subject, $"one of {string.Join(", ", union.Variants.Select(v => v.Value))}");
                    return null;
                }
                variants.Add(new VariantRef { Type = variant.Type, Wire = variant.Value });
            }
            var when = YamlReader.Child(node, "when") is { } whenNode ? Conditions(whenNode, type, subject) : EquatableArray<EnumCondition>.Empty;
            var unionRef = new UnionRef { Name = union.Name, EnumName = union.EnumName, DiscriminatorProperty = NameCase.PascalFromWire(union.Discriminator) };
            MemberRef itemsRef = MemberRef.Of(type, list);
            return key == "allow"
                ? new AllowRule { Items = itemsRef, Union = unionRef, Variants = variants.ToEquatableArray(), When = when, Problem = "", Messages = default }
                : new AtMostOneRule { Items = itemsRef, Union = unionRef, Variants = variants.ToEquatableArray(), When = when, Problem = "", Messages = default };
        }

        private TypeRule? Unique(YamlMappingNode node, TypeModel type, string subject)
        {
            if (YamlReader.Child(node, "unique") is not YamlMappingNode unique) return Fail(node, $"'unique' of {subject} is a mapping with items, key and when");
            _parser.CheckKeys(unique, subject, "items", "key", "when");
            string? items = _parser._yaml.RequiredScalar(unique, "items", subject);
            string? key = _parser._yaml.RequiredScalar(unique, "key", subject);
            if (items is null || key is null) return null;
            MemberModel? list = type.Members.FirstOrDefault(m => m.WireName == items);
            if (list is null && IsBroken(type, items)) return null;
            if (list is not { Type: { Kind: ShapeKind.List, Element: { Kind: ShapeKind.Object, Name: { } itemName } } } || !_types.TryGetValue(itemName, out TypeModel? itemType))
            {
                return Fail(YamlReader.Child(unique, "items")!, $"'items' of {subject} names a list of a type in {type.Name}");
            }
            MemberModel? keyMember = itemType.Members.FirstOrDefault(m => m.WireName == key);
            if (keyMember is not { Type.Kind: ShapeKind.Int or ShapeKind.Long or ShapeKind.String or ShapeKind.Enum })
            {
                return Fail(YamlReader.Child(unique, "key")!, $"'key' of {subject} names a number, string or enum member of {itemType.Name}");
            }
            var when = YamlReader.Child(unique, "when") is { } whenNode ? Conditions(whenNode, itemType, subject) : EquatableArray<EnumCondition>.Empty;
            return new UniqueRule { Items = MemberRef.Of(type, list), ItemType = itemType.Name, Key = MemberRef.Of(itemType, keyMember), When = when, Problem = "", Messages = default };
        }

        /// <summary>`{ member: value }` where the member is an enum of <paramref name="owner"/>.</summary>
        private EquatableArray<EnumCondition> Conditions(YamlNode node, TypeModel owner, string subject)
        {
            var conditions = new List<EnumCondition>();
            if (node is not YamlMappingNode mapping)
            {
                Fail(node, $"{subject}: 'when' is a mapping such as {{ type: button }}");
                return EquatableArray<EnumCondition>.Empty;
            }
            foreach (var entry in mapping.Children)
            {
                string name = (entry.Key as YamlScalarNode)?.Value ?? "";
                string value = (entry.Value as YamlScalarNode)?.Value ?? "";
                MemberModel? member = owner.Members.FirstOrDefault(m => m.WireName == name);
                if (member is not { Type: { Kind: ShapeKind.Enum, Name: { } enumName } } || !_enums.TryGetValue(enumName, out EnumModel? enumModel))
                {
                    Fail(entry.Key, $"{subject}: '{name}' is not an enum member of {owner.Name}");
                    continue;
                }
                EnumValueModel? enumValue = enumModel.Values.FirstOrDefault(v => v.Wire == value);
                if (enumValue is null)
                {
                    _parser.Report(DiagnosticDescriptors.InvalidValue, _parser.At(entry.Value), value, subject, $"one of {string.Join(", ", enumModel.Values.Select(v => v.Wire))}");
                    continue;
                }
                conditions.Add(new EnumCondition { Member = MemberRef.Of(owner, member), EnumType = enumName, EnumMember = enumValue.Name, Wire = value });
            }
            return conditions.ToEquatableArray();
        }

        private EquatableArray<MemberRef>? Members(YamlMappingNode node, string key, TypeModel type, string subject)
        {
            if (YamlReader.Child(node, key) is not YamlSequenceNode list)
            {
                Fail(node, $"'{key}' of {subject} is a list of members");
                return null;
            }
            var refs = list.Children.Select(m => Member(m, type, subject)).ToList();
            return refs.Any(p => p is null) ? null : refs.Select(p => p!).ToEquatableArray();
        }

        private MemberRef? Member(YamlNode node, TypeModel type, string subject)
        {
            string name = (node as YamlScalarNode)?.Value ?? "";
            MemberModel? member = type.Members.FirstOrDefault(m => m.WireName == name);
            if (member is not null) return MemberRef.Of(type, member);
            // A member that is declared but had errors of its own: those errors say enough.
            if (IsBroken(type, name)) return null;
            _parser.Report(DiagnosticDescriptors.InvalidValue, _parser.At(node), name, subject, $"a member of {type.Name}");
            return null;
        }

        /// <summary>A dotted wire path such as image.caption, resolved member by member.</summary>
        private MemberPath? Path(string path, TypeModel type, YamlNode at, string subject)
        {
            var steps = new List<MemberRef>();
            TypeModel? current = type;
            foreach (string step in path.Split('.'))
            {
                MemberModel? member = current?.Members.FirstOrDefault(m => m.WireName == step);
                if (member is null)
                {
                    _parser.Report(DiagnosticDescriptors.InvalidValue, _parser.At(at), path, subject, $"a path of members from {type.Name}, such as image.caption");
                    return null;
                }
                steps.Add(MemberRef.Of(current!, member));
                current = member.Type is { Kind: ShapeKind.Object, Name: { } next } && _types.TryGetValue(next, out TypeModel? nextType) ? nextType : null;
            }
            return new MemberPath { Steps = steps.ToEquatableArray() };
        }

        /// <summary>Whether a member was written in the schema but dropped for errors already reported.</summary>
        private bool IsBroken(TypeModel type, string wireName) =>
            _parser._declaredMembers.TryGetValue(type.Name, out var declared) && declared.Contains(wireName);

        private TypeRule? Fail(YamlNode at, string message)
        {
            _parser.Report(DiagnosticDescriptors.WrongShape, _parser.At(at), message);
            return null;
        }
    }
}
