using System.Text;

namespace OceanClassic.Common.Expr.Functions.Json;

// A JSON document as the JSON functions work on it. Scalars keep their source text (a number's digits
// as written, 1.50 or 1.0e2; a string with its escapes, "b\u00e9"), as MariaDB gives them back; objects
// keep their members in order, duplicates included (a lookup takes the first). ToString writes
// MariaDB's layout: {"k": v, "k2": v2} and [1, 2].
internal abstract record JsonNode
{
    public abstract JsonKind Kind { get; }

    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    public abstract void Write(StringBuilder sb);
}

internal enum JsonKind
{
    Object,
    Array,
    String,
    Integer,
    Double,
    True,
    False,
    Null,
}

internal sealed record JsonScalar(JsonKind ScalarKind, string Raw) : JsonNode
{
    public static readonly JsonScalar Null = new(JsonKind.Null, "null");
    public static readonly JsonScalar True = new(JsonKind.True, "true");
    public static readonly JsonScalar False = new(JsonKind.False, "false");

    public override JsonKind Kind => ScalarKind;

    public override void Write(StringBuilder sb) => sb.Append(Raw);

    // A string scalar's text without quotes and escapes.
    public string Unquoted => ScalarKind == JsonKind.String ? JsonStrings.Unescape(Raw.AsSpan(1, Raw.Length - 2)) : Raw;

    public static JsonScalar String(string text) => new(JsonKind.String, JsonStrings.Quote(text));

    public static JsonScalar Number(string text) =>
        new(text.AsSpan().IndexOfAny(".eE") >= 0 ? JsonKind.Double : JsonKind.Integer, text);
}

internal sealed record JsonArrayNode(List<JsonNode> Items) : JsonNode
{
    public override JsonKind Kind => JsonKind.Array;

    public override void Write(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
                sb.Append(", ");
            Items[i].Write(sb);
        }
        sb.Append(']');
    }
}

// Keys are held unescaped; Write escapes them again.
internal sealed record JsonObjectNode(List<KeyValuePair<string, JsonNode>> Members) : JsonNode
{
    public override JsonKind Kind => JsonKind.Object;

    public int IndexOf(string key) => Members.FindIndex(m => string.Equals(m.Key, key, StringComparison.Ordinal));

    public JsonNode? Get(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : Members[i].Value;
    }

    public override void Write(StringBuilder sb)
    {
        sb.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0)
                sb.Append(", ");
            sb.Append(JsonStrings.Quote(Members[i].Key)).Append(": ");
            Members[i].Value.Write(sb);
        }
        sb.Append('}');
    }
}

// A JSON text embedded unchanged (a JSON column's value inside JSON_OBJECT keeps its own spacing, as
// MariaDB does); its kind is the kind of the document it holds.
internal sealed record JsonRawText(JsonNode Parsed, string Text) : JsonNode
{
    public override JsonKind Kind => Parsed.Kind;

    public override void Write(StringBuilder sb) => sb.Append(Text);
}
