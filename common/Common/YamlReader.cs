using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace LinkMobility.WhatsApp.Common;

/// <summary>
/// Reads values out of YAML (or JSON) nodes the one way every reader of this repository does: schema.yaml, its
/// templates section and templates files. It never throws for bad input; each problem goes to the owner's report
/// callbacks with the node it is at, so the owner turns it into a diagnostic at that line.
/// </summary>
/// <param name="wrongShape">A node is missing, or is not the kind of node it should be; the message says which.</param>
/// <param name="invalidValue">
/// A plain value that cannot be read as what it should be: the value, where it is, and what is expected. Without it,
/// the problem goes to <paramref name="wrongShape"/> in words.
/// </param>
internal sealed class YamlReader(Action<YamlNode, string> wrongShape, Action<YamlNode, string, string, string>? invalidValue = null)
{
    private readonly Action<YamlNode, string, string, string> _invalidValue = invalidValue
        ?? ((node, value, where, expected) => wrongShape(node, $"'{value}' is not allowed for {where}; expected {expected}"));

    /// <summary>The value of <paramref name="key"/>, or null when the mapping has none.</summary>
    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;

    /// <summary>
    /// The mapping items under <paramref name="key"/> again, for a second pass over a list whose shape the first pass
    /// (<see cref="MappingItems"/>) already reported: nothing is reported twice.
    /// </summary>
    public static IEnumerable<YamlMappingNode> MappingItemsRead(YamlMappingNode node, string key) =>
        Child(node, key) is YamlSequenceNode sequence ? sequence.Children.OfType<YamlMappingNode>() : [];

    /// <summary>An exception's message on one line, for a diagnostic.</summary>
    public static string Flatten(string message) => message.Replace("\r", " ").Replace("\n", " ").Trim();

    /// <summary>The node as a mapping; anything else is reported.</summary>
    public YamlMappingNode? AsMapping(YamlNode node, string subject)
    {
        if (node is YamlMappingNode mapping) return mapping;
        wrongShape(node, $"{subject} must be a mapping (key: value lines)");
        return null;
    }

    /// <summary>The mapping under <paramref name="key"/>; a missing one or another kind of node is reported.</summary>
    public YamlMappingNode? RequiredMapping(YamlMappingNode node, string key, string subject)
    {
        YamlNode? child = Child(node, key);
        if (child is null)
        {
            wrongShape(node, $"{subject} needs '{key}'");
            return null;
        }
        return AsMapping(child, $"'{key}' of {subject}");
    }

    /// <summary>The mapping under <paramref name="key"/>, or an empty one when there is none (another kind of node is reported).</summary>
    public YamlMappingNode OptionalMapping(YamlMappingNode node, string key, string subject) =>
        Child(node, key) is { } child ? AsMapping(child, $"'{key}' of {subject}") ?? new YamlMappingNode() : new YamlMappingNode();

    /// <summary>The mappings of the list under <paramref name="key"/>; an item that is not a mapping is reported and skipped.</summary>
    /// <remarks>Read as it is enumerated, so problems are reported in the order of the file.</remarks>
    public IEnumerable<YamlMappingNode> MappingItems(YamlMappingNode node, string key, string subject, bool required = false)
    {
        YamlNode? child = Child(node, key);
        if (child is null)
        {
            if (required) wrongShape(node, $"{subject} needs '{key}' (a list)");
            yield break;
        }
        if (child is not YamlSequenceNode sequence)
        {
            wrongShape(child, $"'{key}' of {subject} must be a list (lines starting with '- ')");
            yield break;
        }
        foreach (YamlNode item in sequence.Children)
        {
            if (AsMapping(item, $"an item of '{key}' in {subject}") is { } mapping) yield return mapping;
        }
    }

    /// <summary>The non-empty plain values of the list under <paramref name="key"/>; anything else is reported and skipped.</summary>
    public IEnumerable<YamlScalarNode> ScalarItems(YamlMappingNode node, string key, string subject)
    {
        YamlNode? child = Child(node, key);
        if (child is null) yield break;
        if (child is not YamlSequenceNode sequence)
        {
            wrongShape(child, $"'{key}' of {subject} must be a list such as [a, b]");
            yield break;
        }
        foreach (YamlNode item in sequence.Children)
        {
            if (item is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value)) yield return scalar;
            else wrongShape(item, $"the items of '{key}' in {subject} must be plain values");
        }
    }

    /// <summary>The plain value under <paramref name="key"/> as written (maybe empty), or null when there is none; a list or mapping is reported.</summary>
    public string? OptionalScalar(YamlMappingNode node, string key)
    {
        YamlNode? child = Child(node, key);
        if (child is null) return null;
        if (child is YamlScalarNode scalar) return scalar.Value;
        wrongShape(child, $"'{key}' must be a plain value, not a list or mapping");
        return null;
    }

    /// <summary>The plain value under <paramref name="key"/>, or null when there is none or it is empty.</summary>
    public string? OptionalText(YamlMappingNode node, string key) =>
        OptionalScalar(node, key) is { Length: > 0 } value ? value : null;

    /// <summary>The plain value under <paramref name="key"/>; a missing or empty one is reported.</summary>
    public string? RequiredScalar(YamlMappingNode node, string key, string subject)
    {
        YamlNode? child = Child(node, key);
        if (child is null)
        {
            wrongShape(node, $"{subject} needs '{key}'");
            return null;
        }
        string? value = OptionalScalar(node, key);
        if (value is not null && value.Trim().Length == 0)
        {
            wrongShape(child, $"'{key}' of {subject} is empty");
            return null;
        }
        return value;
    }

    /// <summary>The whole number under <paramref name="key"/>; a missing one or another value is reported.</summary>
    public int? RequiredInt(YamlMappingNode node, string key, string subject)
    {
        string? text = RequiredScalar(node, key, subject);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) return value;
        _invalidValue(Child(node, key)!, text, $"'{key}' of {subject}", "a whole number");
        return null;
    }

    /// <summary>The whole number under <paramref name="key"/>, or null when there is none; another value is reported.</summary>
    public long? OptionalLong(YamlMappingNode node, string key, string subject)
    {
        string? text = OptionalScalar(node, key);
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)) return value;
        _invalidValue(Child(node, key)!, text, $"'{key}' of {subject}", "a whole number");
        return null;
    }

    /// <summary>
    /// The flag under <paramref name="key"/> (yes, true, no or false, as YAML writes them), or null when there is none;
    /// any other value is reported, never read as false.
    /// </summary>
    public bool? OptionalFlag(YamlMappingNode node, string key, string subject)
    {
        string? text = OptionalScalar(node, key);
        switch (text)
        {
            case null: return null;
            case "yes" or "true": return true;
            case "no" or "false": return false;
            default:
                _invalidValue(Child(node, key)!, text, $"'{key}' of {subject}", "yes, true, no or false");
                return null;
        }
    }
}
