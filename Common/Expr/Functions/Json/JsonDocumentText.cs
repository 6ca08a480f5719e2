using System.Buffers;
using System.Text;
using System.Text.Json;
using OceanClassic.Common.Expr.Functions.Json;

namespace OceanClassic.Common.Expr.Functions;

// Reads JSON text into a JsonNode tree with System.Text.Json's Utf8JsonReader (strict RFC 8259: no
// comments, no trailing commas; nesting deeper than MariaDB's 32 levels is invalid). Scalars keep their
// raw source text. Used by the JSON functions and by JSON columns' write check (IsValid).
public static class JsonDocumentText
{
    private const int MaxDepth = 32;

    private static readonly JsonReaderOptions Options = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static bool IsValid(string text) => TryParse(text) is not null;

    internal static JsonNode? TryParse(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read())
                return null;
            var node = ReadValue(ref reader);
            return reader.Read() ? null : node;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var members = new List<KeyValuePair<string, JsonNode>>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = JsonStrings.Unescape(Raw(ref reader));
                        reader.Read();
                        members.Add(new(key, ReadValue(ref reader)));
                    }
                    return new JsonObjectNode(members);
                }
            case JsonTokenType.StartArray:
                {
                    var items = new List<JsonNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        items.Add(ReadValue(ref reader));
                    return new JsonArrayNode(items);
                }
            case JsonTokenType.String:
                return new JsonScalar(JsonKind.String, "\"" + Raw(ref reader) + "\"");
            case JsonTokenType.Number:
                return JsonScalar.Number(Raw(ref reader));
            case JsonTokenType.True:
                return JsonScalar.True;
            case JsonTokenType.False:
                return JsonScalar.False;
            default:
                return JsonScalar.Null;
        }
    }

    private static string Raw(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
}
