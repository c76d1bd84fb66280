using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LinkMobility.WhatsApp.Generator.OpenApi;

/// <summary>
/// A JSON object whose members keep the order they were added in, so the same schema gives the same bytes. The
/// generator targets netstandard2.0, where System.Text.Json's nodes are not at hand; this is all the document needs.
/// </summary>
internal sealed class JsonObject
{
    private readonly List<KeyValuePair<string, object>> _members = new();

    public bool IsEmpty => _members.Count == 0;

    /// <summary>Adds a member (a string, long, int, bool, JsonObject or list); a null value is left out.</summary>
    public JsonObject Add(string name, object? value)
    {
        if (value is not null) _members.Add(new KeyValuePair<string, object>(name, value));
        return this;
    }

    /// <summary>Whether the member is there.</summary>
    public bool Has(string name) => Get(name) is not null;

    /// <summary>The member's value; null when it is not there.</summary>
    public object? Get(string name)
    {
        foreach (KeyValuePair<string, object> member in _members)
        {
            if (member.Key == name) return member.Value;
        }
        return null;
    }

    /// <summary>Sets the member's value where it stands (a null value leaves it as it is).</summary>
    public JsonObject Replace(string name, object? value)
    {
        if (value is null) return this;
        for (int i = 0; i < _members.Count; i++)
        {
            if (_members[i].Key == name) _members[i] = new KeyValuePair<string, object>(name, value);
        }
        return this;
    }

    /// <summary>The member's object, added empty when it is not there yet.</summary>
    public JsonObject Object(string name)
    {
        foreach (KeyValuePair<string, object> member in _members)
        {
            if (member.Key == name && member.Value is JsonObject found) return found;
        }
        var added = new JsonObject();
        Add(name, added);
        return added;
    }

    /// <summary>The member's list, added empty when it is not there yet.</summary>
    public List<object> List(string name)
    {
        foreach (KeyValuePair<string, object> member in _members)
        {
            if (member.Key == name && member.Value is List<object> found) return found;
        }
        var added = new List<object>();
        Add(name, added);
        return added;
    }

    /// <summary>Indented JSON with two spaces and \n line ends.</summary>
    public string ToJson()
    {
        var text = new StringBuilder();
        Write(text, this, 0);
        return text.Append('\n').ToString();
    }

    private static void Write(StringBuilder text, object? value, int depth)
    {
        switch (value)
        {
            case JsonObject obj when obj._members.Count == 0:
                text.Append("{}");
                break;
            case JsonObject obj:
                text.Append("{\n");
                for (int i = 0; i < obj._members.Count; i++)
                {
                    text.Append(' ', (depth + 1) * 2);
                    String(text, obj._members[i].Key);
                    text.Append(": ");
                    Write(text, obj._members[i].Value, depth + 1);
                    text.Append(i + 1 < obj._members.Count ? ",\n" : "\n");
                }
                text.Append(' ', depth * 2).Append('}');
                break;
            case List<object> list when list.Count == 0:
                text.Append("[]");
                break;
            case List<object> list:
                text.Append("[\n");
                for (int i = 0; i < list.Count; i++)
                {
                    text.Append(' ', (depth + 1) * 2);
                    Write(text, list[i], depth + 1);
                    text.Append(i + 1 < list.Count ? ",\n" : "\n");
                }
                text.Append(' ', depth * 2).Append(']');
                break;
            case null:
                text.Append("null");
                break;
            case string s:
                String(text, s);
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case int n:
                text.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new System.InvalidOperationException($"A JSON value cannot be a {value.GetType().Name}.");
        }
    }

    private static void String(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }
}
