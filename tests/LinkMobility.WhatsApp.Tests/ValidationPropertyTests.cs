using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>Random damage to valid requests: validation never throws, and every path it reports exists in the input.</summary>
public class ValidationPropertyTests
{
    /// <summary>One edit: which node (by its number in a depth-first walk), what to do, and a value to use.</summary>
    public sealed record Mutation(int Target, int Kind, int Value)
    {
        public override string ToString() => $"({Target}, {Kinds[Kind % Kinds.Length]}, {Value})";
    }

    private static readonly string[] Kinds = ["delete", "null", "string", "number", "bool", "object", "array", "duplicate", "transplant", "word"];
    private static readonly string[] Strings = ["", "x", "+0", "http://", "ftp://a/b.gif", "en-us", "1234", "+46700000001", "https://example.com/a.docx", "-1", "99999999999999999999"];
    private static readonly double[] Numbers = [-1, 0, 1, 7, 13, 24, 60, 1e20, 2.5, 112003];
    private static readonly string[] Words = ["template", "text", "image", "document", "video", "audio", "location", "contacts", "header", "body", "button", "quickReply", "url", "payload", "currency", "dateTime", "LOW", "sticker"];

    /// <summary>A valid request with one message of every type, built from the document's examples.</summary>
    private static readonly string BaseRequest = BuildBase();

    private static string BuildBase()
    {
        var request = JsonNode.Parse(Examples.Text("message-request.json"))!.AsObject();
        request.Remove("relativeValidityTime");
        var messages = request["messages"]!.AsArray();
        foreach (string name in Examples.Names.Where(n => n.StartsWith("message-") && !n.StartsWith("message-re")))
        {
            messages.Add(JsonNode.Parse(Examples.Text(name)));
        }
        return request.ToJsonString();
    }

    private static Arbitrary<Mutation[]> MutationLists() =>
        (from target in Gen.Choose(0, 100_000)
         from kind in Gen.Choose(0, Kinds.Length - 1)
         from value in Gen.Choose(0, 1000)
         select new Mutation(target, kind, value))
            .ArrayOf()
            .Where(list => list.Length is > 0 and <= 6)
            .ToArbitrary();

    [Property(MaxTest = 400)]
    public Property Validation_never_throws_and_every_reported_path_exists() =>
        Prop.ForAll(MutationLists(), mutations =>
        {
            JsonNode root = JsonNode.Parse(BaseRequest)!;
            foreach (Mutation mutation in mutations) root = Apply(root, mutation);
            string json = root.ToJsonString();

            ValidationResult result = MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(json));
            foreach (ValidationProblem problem in result.Problems)
            {
                if (!PathExists(root, problem.Path)) throw new Exception($"{problem} names a path that is not in\n{json}");
            }
            return true;
        });

    [Property(MaxTest = 200)]
    public Property A_reported_problem_always_has_a_code_of_the_catalogue_and_a_message() =>
        Prop.ForAll(MutationLists(), mutations =>
        {
            JsonNode root = JsonNode.Parse(BaseRequest)!;
            foreach (Mutation mutation in mutations) root = Apply(root, mutation);
            var result = MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()));
            return result.Problems.All(p => Problems.Find(p.Code) is { } info && info.Severity == p.Severity && p.Message.Length > 10);
        });

    [Xunit.Fact]
    public void The_property_checks_are_not_vacuous()
    {
        JsonNode root = JsonNode.Parse(BaseRequest)!;
        Xunit.Assert.True(PathExists(root, "messages[9].text.body"));
        Xunit.Assert.True(PathExists(root, "customParameters['yourCustomKey1']"));
        Xunit.Assert.False(PathExists(root, "messages[99]"));
        Xunit.Assert.False(PathExists(root, "refId.x"));
        Xunit.Assert.False(PathExists(root, "messages[0].template.language.code.x"));

        // Mutations that break rules yield problems, each at a path that exists.
        int withProblems = 0;
        var random = new Random(7);
        for (int run = 0; run < 300; run++)
        {
            JsonNode mutated = JsonNode.Parse(BaseRequest)!;
            for (int i = 0; i < 3; i++) mutated = Apply(mutated, new Mutation(random.Next(100_000), random.Next(Kinds.Length), random.Next(1000)));
            var result = MessageRequest.ValidateJson(System.Text.Encoding.UTF8.GetBytes(mutated.ToJsonString()));
            if (result.Problems.Count > 0) withProblems++;
            Xunit.Assert.All(result.Problems, p => Xunit.Assert.True(PathExists(mutated, p.Path), p.ToString()));
        }
        Xunit.Assert.InRange(withProblems, 150, 300);
    }

    /// <summary>Applies one edit; returns the (possibly new) root.</summary>
    private static JsonNode Apply(JsonNode root, Mutation mutation)
    {
        var places = new List<(JsonNode Parent, string? Member, int Index)>();
        Walk(root, places);
        if (places.Count == 0) return root;
        var (parent, member, index) = places[mutation.Target % places.Count];
        JsonNode? current = member is not null ? parent[member] : parent[index];
        JsonNode? replacement;
        switch (Kinds[mutation.Kind % Kinds.Length])
        {
            case "delete":
                if (member is not null) parent.AsObject().Remove(member);
                else parent.AsArray().RemoveAt(index);
                return root;
            case "duplicate":
                if (member is not null) parent.AsObject()["extra" + mutation.Value] = current?.DeepClone();
                else parent.AsArray().Insert(index, current?.DeepClone());
                return root;
            case "transplant":
                var (donorParent, donorMember, donorIndex) = places[(mutation.Target / 7 + mutation.Value) % places.Count];
                JsonNode? donor = donorMember is not null ? donorParent[donorMember] : donorParent[donorIndex];
                replacement = donor?.DeepClone();
                break;
            case "null": replacement = null; break;
            case "string": replacement = JsonValue.Create(Strings[mutation.Value % Strings.Length]); break;
            case "number": replacement = JsonValue.Create(Numbers[mutation.Value % Numbers.Length]); break;
            case "bool": replacement = JsonValue.Create(mutation.Value % 2 == 0); break;
            case "object": replacement = new JsonObject(); break;
            case "array": replacement = new JsonArray(); break;
            default: replacement = JsonValue.Create(Words[mutation.Value % Words.Length]); break;
        }
        if (member is not null) parent[member] = replacement;
        else parent[index] = replacement;
        return root;
    }

    private static void Walk(JsonNode node, List<(JsonNode, string?, int)> places)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    places.Add((obj, name, -1));
                    if (value is not null) Walk(value, places);
                }
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    places.Add((array, null, i));
                    if (array[i] is { } item) Walk(item, places);
                }
                break;
        }
    }

    /// <summary>Whether a path such as messages[0].template['odd.key'] leads to a member or item that is there (null counts).</summary>
    internal static bool PathExists(JsonNode root, string path)
    {
        if (path == "$") return true;
        JsonNode? current = root;
        foreach (Match step in Regex.Matches(path, @"\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]|\.?([A-Za-z0-9_]+)"))
        {
            if (step.Groups[2].Success)
            {
                int index = int.Parse(step.Groups[2].Value);
                if (current is not JsonArray array || index >= array.Count) return false;
                current = array[index];
            }
            else
            {
                string name = step.Groups[1].Success ? step.Groups[1].Value.Replace("\\'", "'") : step.Groups[3].Value;
                if (current is not JsonObject obj || !obj.ContainsKey(name)) return false;
                current = obj[name];
            }
        }
        return true;
    }
}
