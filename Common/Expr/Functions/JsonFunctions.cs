using OceanClassic.Common.Expr.Functions.Json;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Reading JSON, as MariaDB 10.11: JSON_VALID, JSON_EXTRACT (one match of a path without wildcards is the
// value itself, several matches or paths an array of them), JSON_UNQUOTE, JSON_QUOTE, JSON_TYPE,
// JSON_KEYS, JSON_LENGTH, JSON_DEPTH, JSON_CONTAINS, JSON_CONTAINS_PATH, and building it: JSON_OBJECT,
// JSON_ARRAY. Invalid JSON or a malformed path gives NULL (MariaDB warns). Results that are JSON carry
// the JSON flag (ObObj.FromJson) so an enclosing JSON function embeds them instead of quoting them.
// Editing functions are in JsonEditFunctions.
internal static class JsonFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Def("JSON_VALID", 1, 1, (a, _) => ObObj.FromInt(a[0].IsNumeric || Document(a[0]) is not null ? 1 : 0)),
        Def("JSON_EXTRACT", 2, Many, (a, _) => Extract(a)),
        Def("JSON_UNQUOTE", 1, 1, (a, _) => Unquote(a[0])),
        Def("JSON_QUOTE", 1, 1, (a, _) => a[0].Type == ObType.String ? ObObj.FromJson(JsonStrings.Quote(a[0].String)) : ObObj.Null),
        Def("JSON_OBJECT", 0, Many, (a, _) => BuildObject(a), nullIfAnyNull: false),
        Def("JSON_ARRAY", 0, Many, (a, _) => ObObj.FromJson(new JsonArrayNode([.. ToNodes(a)]).ToString()), nullIfAnyNull: false),
        Def("JSON_TYPE", 1, 1, (a, _) => Document(a[0]) is { } d ? Str(TypeName(d)) : ObObj.Null),
        Def("JSON_KEYS", 1, 2, (a, _) => Keys(a)),
        Def("JSON_LENGTH", 1, 2, (a, _) => Length(a)),
        Def("JSON_DEPTH", 1, 1, (a, _) => Document(a[0]) is { } d ? ObObj.FromInt(Depth(d)) : ObObj.Null),
        Def("JSON_CONTAINS", 2, 3, (a, _) => Contains(a)),
        Def("JSON_CONTAINS_PATH", 3, Many, (a, _) => ContainsPath(a)),
    ];

    // The JSON document a value holds; null when it is not valid JSON.
    internal static JsonNode? Document(ObObj v) => v.Type switch
    {
        ObType.String => JsonDocumentText.TryParse(v.String),
        ObType.Binary => JsonDocumentText.TryParse(ExprValues.ToText(v)),
        ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double => JsonDocumentText.TryParse(ExprValues.ToText(v)),
        _ => null,
    };

    // The nodes the path `path` reaches in `doc`; null for a malformed path.
    internal static (List<JsonNode> Found, bool Wildcard)? Find(JsonNode doc, ObObj path)
    {
        var p = JsonPath.Parse(ExprValues.ToText(path));
        return p is null ? null : (p.Find(doc), p.HasWildcard);
    }

    // An SQL value as a JSON value: numbers as numbers, TRUE/FALSE (a boolean) as true/false, JSON text as
    // the JSON it holds (kept as written), anything else as a JSON string of its text.
    internal static JsonNode ToNode(ObObj v)
    {
        switch (v.Type)
        {
            case ObType.Null:
                return JsonScalar.Null;
            case ObType.Bool:
                return v.Bool ? JsonScalar.True : JsonScalar.False;
            case ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double:
                return JsonScalar.Number(ExprValues.ToText(v));
            case ObType.String when v.IsJson && JsonDocumentText.TryParse(v.String) is { } parsed:
                return new JsonRawText(parsed, v.String);
            default:
                return JsonScalar.String(ExprValues.ToText(v));
        }
    }

    private static IEnumerable<JsonNode> ToNodes(ReadOnlySpan<ObObj> values)
    {
        var nodes = new List<JsonNode>(values.Length);
        foreach (var v in values)
            nodes.Add(ToNode(v));
        return nodes;
    }

    internal static ObObj Json(JsonNode node) => ObObj.FromJson(node.ToString());

    // A JSON value as the SQL scalar it holds, for comparisons with non-JSON values; anything else unchanged.
    internal static ObObj Scalar(ObObj v)
    {
        if (!v.IsJson || JsonDocumentText.TryParse(v.String) is not JsonScalar s)
            return v;
        return s.Kind switch
        {
            JsonKind.String => Str(s.Unquoted),
            JsonKind.Integer when long.TryParse(s.Raw, out var n) => ObObj.FromInt(n),
            JsonKind.Integer or JsonKind.Double => ObObj.FromDouble(ObObj.ParseDoublePrefix(s.Raw)),
            JsonKind.True => ObObj.FromInt(1),
            JsonKind.False => ObObj.FromInt(0),
            _ => v,
        };
    }

    private static ObObj BuildObject(ReadOnlySpan<ObObj> a)
    {
        if (a.Length % 2 != 0)
            FunctionCatalog.ThrowParamCount("json_object");
        var members = new List<KeyValuePair<string, JsonNode>>(a.Length / 2);
        for (var i = 0; i < a.Length; i += 2)
        {
            members.Add(new(ExprValues.ToText(a[i]), ToNode(a[i + 1])));
        }
        return Json(new JsonObjectNode(members));
    }

    private static ObObj Extract(ReadOnlySpan<ObObj> a)
    {
        if (Document(a[0]) is not { } doc)
            return ObObj.Null;
        var all = new List<JsonNode>();
        var wrap = a.Length > 2;
        for (var i = 1; i < a.Length; i++)
        {
            if (Find(doc, a[i]) is not { } found)
                return ObObj.Null;
            all.AddRange(found.Found);
            wrap |= found.Wildcard;
        }
        if (all.Count == 0)
            return ObObj.Null;
        return Json(wrap || all.Count > 1 ? new JsonArrayNode(all) : all[0]);
    }

    // A JSON string's text without quotes and escapes; anything else unchanged.
    private static ObObj Unquote(ObObj v)
    {
        var text = ExprValues.ToText(v);
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"' && JsonDocumentText.TryParse(text) is JsonScalar s)
            return Str(s.Unquoted);
        return Str(text);
    }

    internal static string TypeName(JsonNode node) => node.Kind switch
    {
        JsonKind.Object => "OBJECT",
        JsonKind.Array => "ARRAY",
        JsonKind.String => "STRING",
        JsonKind.Integer => "INTEGER",
        JsonKind.Double => "DOUBLE",
        JsonKind.True or JsonKind.False => "BOOLEAN",
        _ => "NULL",
    };

    // The node at the optional path argument a[1] (the document itself without one); null when absent.
    private static JsonNode? Target(ReadOnlySpan<ObObj> a, int pathArg)
    {
        if (Document(a[0]) is not { } doc)
            return null;
        if (a.Length <= pathArg)
            return doc;
        return Find(doc, a[pathArg]) is { Found: [var first, ..] } ? Unwrap(first) : null;
    }

    internal static JsonNode Unwrap(JsonNode node) => node is JsonRawText raw ? raw.Parsed : node;

    private static ObObj Keys(ReadOnlySpan<ObObj> a) =>
        Target(a, 1) is JsonObjectNode o
            ? Json(new JsonArrayNode([.. o.Members.Select(m => (JsonNode)JsonScalar.String(m.Key))]))
            : ObObj.Null;

    private static ObObj Length(ReadOnlySpan<ObObj> a) => Target(a, 1) switch
    {
        JsonObjectNode o => ObObj.FromInt(o.Members.Count),
        JsonArrayNode arr => ObObj.FromInt(arr.Items.Count),
        null => ObObj.Null,
        _ => ObObj.FromInt(1),
    };

    private static int Depth(JsonNode node) => Unwrap(node) switch
    {
        JsonObjectNode { Members.Count: > 0 } o => 1 + o.Members.Max(m => Depth(m.Value)),
        JsonArrayNode { Items.Count: > 0 } arr => 1 + arr.Items.Max(Depth),
        _ => 1,
    };

    private static ObObj Contains(ReadOnlySpan<ObObj> a)
    {
        if (Document(a[1]) is not { } candidate)
            return ObObj.Null;
        return Target(a, 2) is { } target ? ObObj.FromInt(JsonContainment.Contains(target, candidate) ? 1 : 0) : ObObj.Null;
    }

    // JSON_CONTAINS_PATH(doc, 'one' | 'all', path, ...).
    private static ObObj ContainsPath(ReadOnlySpan<ObObj> a)
    {
        if (Document(a[0]) is not { } doc)
            return ObObj.Null;
        var mode = ExprValues.ToText(a[1]).ToLowerInvariant();
        if (mode is not ("one" or "all"))
            return ObObj.Null;
        var any = false;
        var all = true;
        for (var i = 2; i < a.Length; i++)
        {
            if (Find(doc, a[i]) is not { } found)
                return ObObj.Null;
            any |= found.Found.Count > 0;
            all &= found.Found.Count > 0;
        }
        return ObObj.FromInt((mode == "one" ? any : all) ? 1 : 0);
    }
}
