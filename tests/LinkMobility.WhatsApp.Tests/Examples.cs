using System.Text.Json.Nodes;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>The document's JSON examples (schema/examples), copied beside the tests.</summary>
internal static class Examples
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "examples");

    public static IEnumerable<string> Names => System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileName).Order()!;

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Directory, name));

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names) data.Add(name);
        return data;
    }

    /// <summary>
    /// Whether two JSON documents mean the same: members compared by name in any order, a null member
    /// the same as a missing one (the contract leaves nulls out), numbers by value.
    /// </summary>
    public static bool SameMeaning(JsonNode? expected, JsonNode? actual, string path, out string difference)
    {
        difference = "";
        switch (expected)
        {
            case null:
                if (actual is null) return true;
                difference = $"{path}: expected null, got {actual.ToJsonString()}";
                return false;
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    difference = $"{path}: expected an object, got {actual?.ToJsonString() ?? "null"}";
                    return false;
                }
                foreach (var (name, value) in expectedObject)
                {
                    actualObject.TryGetPropertyValue(name, out JsonNode? other);
                    if (!SameMeaning(value, other, $"{path}.{name}", out difference)) return false;
                }
                foreach (var (name, value) in actualObject)
                {
                    if (value is not null && !expectedObject.ContainsKey(name))
                    {
                        difference = $"{path}.{name}: not in the original";
                        return false;
                    }
                }
                return true;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray || actualArray.Count != expectedArray.Count)
                {
                    difference = $"{path}: expected {expectedArray.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}";
                    return false;
                }
                for (int i = 0; i < expectedArray.Count; i++)
                {
                    if (!SameMeaning(expectedArray[i], actualArray[i], $"{path}[{i}]", out difference)) return false;
                }
                return true;
            default:
                var expectedValue = expected.AsValue();
                bool same = actual is JsonValue actualValue && expectedValue.GetValueKind() == actualValue.GetValueKind()
                    && (expectedValue.GetValueKind() == System.Text.Json.JsonValueKind.Number
                        ? expectedValue.GetValue<decimal>() == actualValue.GetValue<decimal>()
                        : expectedValue.ToJsonString() == actualValue.ToJsonString());
                if (!same) difference = $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "missing"}";
                return same;
        }
    }
}
