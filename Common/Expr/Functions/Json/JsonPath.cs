using System.Globalization;

namespace OceanClassic.Common.Expr.Functions.Json;

// A JSON path as MariaDB reads it: $ then steps .key, ."quoted key", .*, [n], [last], [last-n],
// [n to m], [*], and ** (any depth before the next step). Parse returns null for a malformed path
// (the functions then answer NULL, as MariaDB does with a warning). A scalar answers [0] as itself.
internal sealed class JsonPath
{
    private enum StepKind
    {
        Member,
        AnyMember,
        Index,
        AnyIndex,
        Descendants,
    }

    // Index steps: From/To are positions, negative counting back from last (-1 is last).
    private readonly record struct Step(StepKind Kind, string Key = "", int From = 0, int To = 0);

    private readonly List<Step> _steps;

    private JsonPath(List<Step> steps) => _steps = steps;

    public bool HasWildcard => _steps.Exists(s => s.Kind is StepKind.AnyMember or StepKind.AnyIndex or StepKind.Descendants
        || (s.Kind == StepKind.Index && s.From != s.To));

    public static JsonPath? Parse(string text)
    {
        var s = text.Trim();
        if (s.Length == 0 || s[0] != '$')
            return null;
        var steps = new List<Step>();
        var i = 1;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
                continue;
            }
            if (s[i] == '.')
            {
                i++;
                if (i < s.Length && s[i] == '*')
                {
                    steps.Add(new Step(StepKind.AnyMember));
                    i++;
                }
                else if (i < s.Length && s[i] == '"')
                {
                    var end = s.IndexOf('"', i + 1);
                    if (end < 0)
                        return null;
                    steps.Add(new Step(StepKind.Member, s[(i + 1)..end]));
                    i = end + 1;
                }
                else
                {
                    var start = i;
                    while (i < s.Length && s[i] is not ('.' or '[' or ' ' or '*'))
                        i++;
                    if (i == start)
                        return null;
                    steps.Add(new Step(StepKind.Member, s[start..i]));
                }
            }
            else if (s[i] == '[')
            {
                var end = s.IndexOf(']', i);
                if (end < 0 || !TryIndex(s[(i + 1)..end].Trim(), out var step))
                    return null;
                steps.Add(step);
                i = end + 1;
            }
            else if (s[i] == '*' && i + 1 < s.Length && s[i + 1] == '*')
            {
                steps.Add(new Step(StepKind.Descendants));
                i += 2;
            }
            else
            {
                return null;
            }
        }
        return steps.Count > 0 && steps[^1].Kind == StepKind.Descendants ? null : new JsonPath(steps);
    }

    private static bool TryIndex(string body, out Step step)
    {
        step = default;
        if (body == "*")
        {
            step = new Step(StepKind.AnyIndex);
            return true;
        }
        var to = body.IndexOf(" to ", StringComparison.OrdinalIgnoreCase);
        if (to >= 0)
        {
            if (!TryPosition(body[..to].Trim(), out var from) || !TryPosition(body[(to + 4)..].Trim(), out var until))
                return false;
            step = new Step(StepKind.Index, From: from, To: until);
            return true;
        }
        if (!TryPosition(body, out var at))
            return false;
        step = new Step(StepKind.Index, From: at, To: at);
        return true;
    }

    // n, last, last-n (last is -1, last-1 is -2 ...).
    private static bool TryPosition(string text, out int position)
    {
        position = 0;
        if (text.StartsWith("last", StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[4..].Replace(" ", "", StringComparison.Ordinal);
            if (rest.Length == 0)
            {
                position = -1;
                return true;
            }
            if (rest[0] != '-' || !int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var back))
                return false;
            position = -1 - back;
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }

    // Every node the path reaches, in document order.
    public List<JsonNode> Find(JsonNode root)
    {
        var current = new List<JsonNode> { root };
        foreach (var step in _steps)
        {
            var next = new List<JsonNode>();
            foreach (var node in current)
                Apply(step, Unwrap(node), next);
            current = next;
        }
        return current;
    }

    private static JsonNode Unwrap(JsonNode node) => node is JsonRawText raw ? raw.Parsed : node;

    private static void Apply(Step step, JsonNode node, List<JsonNode> into)
    {
        switch (step.Kind)
        {
            case StepKind.Member when node is JsonObjectNode o:
                if (o.Get(step.Key) is { } v)
                    into.Add(v);
                break;
            case StepKind.AnyMember when node is JsonObjectNode o:
                into.AddRange(o.Members.Select(m => m.Value));
                break;
            case StepKind.AnyIndex when node is JsonArrayNode a:
                into.AddRange(a.Items);
                break;
            case StepKind.Index when node is JsonArrayNode a:
                {
                    var (from, to) = (Resolve(step.From, a.Items.Count), Resolve(step.To, a.Items.Count));
                    for (var i = Math.Max(0, from); i <= to && i < a.Items.Count; i++)
                        into.Add(a.Items[i]);
                    break;
                }
            case StepKind.Index when step.From is 0 or -1:
                into.Add(node);
                break;
            case StepKind.Descendants:
                Descend(node, into);
                break;
        }
    }

    // ** then the next step: the node itself and every node below it (the next step filters them).
    private static void Descend(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        var children = node switch
        {
            JsonObjectNode o => o.Members.Select(m => m.Value),
            JsonArrayNode a => a.Items,
            _ => [],
        };
        foreach (var c in children)
            Descend(Unwrap(c), into);
    }

    private static int Resolve(int position, int count) => position < 0 ? count + position : position;

    // The container and place the last step names, for edits; null when the path has a wildcard or the
    // container is missing. Member steps give (object, key); index steps give (array, index).
    public (JsonNode Parent, string? Key, int Index)? Locate(JsonNode root)
    {
        if (_steps.Count == 0 || HasWildcard)
            return null;
        var node = root;
        for (var i = 0; i < _steps.Count - 1; i++)
        {
            var found = new List<JsonNode>();
            Apply(_steps[i], Unwrap(node), found);
            if (found.Count == 0)
                return null;
            node = found[0];
        }
        var last = _steps[^1];
        node = Unwrap(node);
        return last.Kind == StepKind.Member
            ? (node, last.Key, -1)
            : (node, null, node is JsonArrayNode a ? Resolve(last.From, a.Items.Count) : last.From);
    }

    public bool IsRoot => _steps.Count == 0;
}
