using System.Text.Json;

namespace Nudge.Sandbox.Shaping;

/// <summary>
/// Google's partial-response <c>fields</c> syntax: <c>a,b/c,d(e,f)</c>, nested, with <c>*</c> for every field. A mask
/// applies to each element of an array, so <c>messages(id)</c> keeps the id of every listed message.
/// </summary>
internal sealed class FieldMask
{
    private const string Wildcard = "*";

    // A null child means "the whole field".
    private readonly Dictionary<string, FieldMask?> _children = new(StringComparer.Ordinal);

    private FieldMask()
    {
    }

    /// <summary>Parses a mask; returns null (and the offending text) when the syntax is broken.</summary>
    public static FieldMask? TryParse(string text, out string? invalid)
    {
        var mask = new FieldMask();
        var position = 0;
        invalid = null;
        if (!mask.ParseList(text, ref position) || position != text.Length)
        {
            invalid = text;
            return null;
        }

        return mask;
    }

    public void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (_children.TryGetValue(property.Name, out var child) || _children.TryGetValue(Wildcard, out child))
                    {
                        writer.WritePropertyName(property.Name);
                        if (child is null)
                        {
                            property.Value.WriteTo(writer);
                        }
                        else
                        {
                            child.Write(property.Value, writer);
                        }
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    // list := item (',' item)*
    private bool ParseList(string text, ref int position)
    {
        while (ParseItem(text, ref position))
        {
            if (position >= text.Length || text[position] != ',')
            {
                return true;
            }

            position++;
        }

        return false;
    }

    // item := name ('/' name)* ('(' list ')')?
    private bool ParseItem(string text, ref int position)
    {
        var node = this;
        string? name = null;
        while (true)
        {
            var start = position;
            while (position < text.Length && text[position] is not (',' or '/' or '(' or ')'))
            {
                position++;
            }

            var segment = text[start..position].Trim();
            if (segment.Length == 0)
            {
                return false;
            }

            if (name is not null)
            {
                node = node.Descend(name);
            }

            name = segment;
            if (position < text.Length && text[position] == '/')
            {
                position++;
                continue;
            }

            break;
        }

        if (position < text.Length && text[position] == '(')
        {
            position++;
            var child = node.Descend(name);
            if (!child.ParseList(text, ref position) || position >= text.Length || text[position] != ')')
            {
                return false;
            }

            position++;
            return true;
        }

        // A whole field wins over any narrower selection of it.
        node._children[name] = null;
        return true;
    }

    private FieldMask Descend(string name)
    {
        if (_children.TryGetValue(name, out var existing))
        {
            // Already selected whole: narrowing it further changes nothing, so work on a detached node.
            return existing ?? new FieldMask();
        }

        var child = new FieldMask();
        _children[name] = child;
        return child;
    }
}
