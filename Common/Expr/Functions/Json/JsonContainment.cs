using System.Globalization;

namespace OceanClassic.Common.Expr.Functions.Json;

// JSON_CONTAINS's containment, as MySQL and MariaDB define it: a scalar contains an equal scalar
// (numbers by value, strings by their unescaped text); an array contains a candidate array when it
// contains each of its elements, and any other candidate when one of its elements does; an object
// contains a candidate object whose every member it has with a containing value.
internal static class JsonContainment
{
    public static bool Contains(JsonNode target, JsonNode candidate)
    {
        target = JsonFunctions.Unwrap(target);
        candidate = JsonFunctions.Unwrap(candidate);
        switch (target)
        {
            case JsonArrayNode array when candidate is JsonArrayNode wanted:
                return wanted.Items.TrueForAll(c => Contains(array, c));
            case JsonArrayNode array:
                return array.Items.Exists(t => Contains(t, candidate));
            case JsonObjectNode obj when candidate is JsonObjectNode wanted:
                return wanted.Members.TrueForAll(m => obj.Get(m.Key) is { } v && Contains(v, m.Value));
            case JsonObjectNode:
                return false;
            default:
                return candidate is JsonScalar c && ScalarEquals((JsonScalar)target, c);
        }
    }

    public static bool ScalarEquals(JsonScalar a, JsonScalar b)
    {
        var aNumber = a.Kind is JsonKind.Integer or JsonKind.Double;
        var bNumber = b.Kind is JsonKind.Integer or JsonKind.Double;
        if (aNumber && bNumber)
        {
            return double.TryParse(a.Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                && double.TryParse(b.Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y;
        }
        if (a.Kind != b.Kind)
            return false;
        return a.Kind != JsonKind.String || string.Equals(a.Unquoted, b.Unquoted, StringComparison.Ordinal);
    }
}
