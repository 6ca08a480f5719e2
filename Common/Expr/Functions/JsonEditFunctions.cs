using OceanClassic.Common.Expr.Functions.Json;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Changing JSON, as MariaDB 10.11: JSON_SET (replace or add), JSON_INSERT (add only), JSON_REPLACE
// (replace only), JSON_REMOVE, JSON_ARRAY_APPEND, JSON_MERGE / JSON_MERGE_PRESERVE. Paths are applied
// left to right, each to the result of the previous one; a path whose container is missing changes
// nothing; an array index past the end appends. Invalid JSON or a malformed (or, for edits, wildcard)
// path gives NULL.
internal static class JsonEditFunctions
{
    private enum Mode
    {
        Set,
        Insert,
        Replace,
    }

    public static readonly FunctionDefinition[] Definitions =
    [
        Def("JSON_SET", 3, Many, (a, _) => Edit(a, Mode.Set, "json_set"), nullIfAnyNull: false),
        Def("JSON_INSERT", 3, Many, (a, _) => Edit(a, Mode.Insert, "json_insert"), nullIfAnyNull: false),
        Def("JSON_REPLACE", 3, Many, (a, _) => Edit(a, Mode.Replace, "json_replace"), nullIfAnyNull: false),
        Def("JSON_REMOVE", 2, Many, (a, _) => Remove(a)),
        Def("JSON_ARRAY_APPEND", 3, Many, (a, _) => Append(a), nullIfAnyNull: false),
        Def("JSON_MERGE", 2, Many, (a, _) => Merge(a)),
        Def("JSON_MERGE_PRESERVE", 2, Many, (a, _) => Merge(a)),
    ];

    // The document a[0] with each (path, value) pair applied in turn by `apply`, which returns the new
    // document (the same tree, changed in place, or a new root); NULL for invalid JSON or a bad path.
    private delegate JsonNode PairEdit(JsonNode doc, JsonPath path, JsonNode value);

    private static ObObj EditPairs(ReadOnlySpan<ObObj> a, string name, PairEdit apply)
    {
        if (a.Length % 2 != 1)
            FunctionCatalog.ThrowParamCount(name);
        if (a[0].IsNull || JsonFunctions.Document(a[0]) is not { } doc)
            return ObObj.Null;
        for (var i = 1; i < a.Length; i += 2)
        {
            if (a[i].IsNull || JsonPath.Parse(ExprValues.ToText(a[i])) is not { HasWildcard: false } path)
                return ObObj.Null;
            doc = apply(doc, path, JsonFunctions.ToNode(a[i + 1]));
        }
        return JsonFunctions.Json(doc);
    }

    private static ObObj Edit(ReadOnlySpan<ObObj> a, Mode mode, string name) =>
        EditPairs(a, name, (doc, path, value) =>
        {
            if (path.IsRoot)
                return mode == Mode.Insert ? doc : value;
            switch (path.Locate(doc))
            {
                case (JsonObjectNode obj, { } key, _):
                    {
                        var at = obj.IndexOf(key);
                        if (at >= 0 && mode != Mode.Insert)
                            obj.Members[at] = new(key, value);
                        else if (at < 0 && mode != Mode.Replace)
                            obj.Members.Add(new(key, value));
                        break;
                    }
                case (JsonArrayNode arr, null, var index) when index >= 0:
                    if (index < arr.Items.Count && mode != Mode.Insert)
                        arr.Items[index] = value;
                    else if (index >= arr.Items.Count && mode != Mode.Replace)
                        arr.Items.Add(value);
                    break;
            }
            return doc;
        });

    private static ObObj Remove(ReadOnlySpan<ObObj> a)
    {
        if (JsonFunctions.Document(a[0]) is not { } doc)
            return ObObj.Null;
        for (var i = 1; i < a.Length; i++)
        {
            if (JsonPath.Parse(ExprValues.ToText(a[i])) is not { HasWildcard: false, IsRoot: false } path)
                return ObObj.Null;
            switch (path.Locate(doc))
            {
                case (JsonObjectNode obj, { } key, _) when obj.IndexOf(key) is var at and >= 0:
                    obj.Members.RemoveAt(at);
                    break;
                case (JsonArrayNode arr, null, var index) when index >= 0 && index < arr.Items.Count:
                    arr.Items.RemoveAt(index);
                    break;
            }
        }
        return JsonFunctions.Json(doc);
    }

    // JSON_ARRAY_APPEND(doc, path, value, ...): onto the array at path; a non-array there becomes [it, value].
    private static ObObj Append(ReadOnlySpan<ObObj> a) =>
        EditPairs(a, "json_array_append", (doc, path, value) =>
        {
            if (path.IsRoot)
                return Appended(doc, value);
            switch (path.Locate(doc))
            {
                case (JsonObjectNode obj, { } key, _) when obj.IndexOf(key) is var at and >= 0:
                    obj.Members[at] = new(key, Appended(obj.Members[at].Value, value));
                    break;
                case (JsonArrayNode arr, null, var index) when index >= 0 && index < arr.Items.Count:
                    arr.Items[index] = Appended(arr.Items[index], value);
                    break;
            }
            return doc;
        });

    private static JsonNode Appended(JsonNode target, JsonNode value) =>
        JsonFunctions.Unwrap(target) is JsonArrayNode arr ? new JsonArrayNode([.. arr.Items, value]) : new JsonArrayNode([target, value]);

    private static ObObj Merge(ReadOnlySpan<ObObj> a)
    {
        JsonNode? result = null;
        foreach (var v in a)
        {
            if (JsonFunctions.Document(v) is not { } doc)
                return ObObj.Null;
            result = result is null ? doc : MergeTwo(result, doc);
        }
        return JsonFunctions.Json(result!);
    }

    // Objects merge member by member (a key in both merges its values); anything else concatenates as arrays.
    private static JsonNode MergeTwo(JsonNode left, JsonNode right)
    {
        left = JsonFunctions.Unwrap(left);
        right = JsonFunctions.Unwrap(right);
        if (left is JsonObjectNode lo && right is JsonObjectNode ro)
        {
            var members = new List<KeyValuePair<string, JsonNode>>(lo.Members);
            foreach (var m in ro.Members)
            {
                var at = members.FindIndex(x => x.Key == m.Key);
                if (at >= 0)
                    members[at] = new(m.Key, MergeTwo(members[at].Value, m.Value));
                else
                    members.Add(m);
            }
            return new JsonObjectNode(members);
        }
        var items = new List<JsonNode>();
        items.AddRange(left is JsonArrayNode la ? la.Items : [left]);
        items.AddRange(right is JsonArrayNode ra ? ra.Items : [right]);
        return new JsonArrayNode(items);
    }
}
