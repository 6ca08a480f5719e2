using System.Collections.Frozen;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// What a statement's WHERE pins about a system view's rows, handed to ISystemView.LoadAsync: for some
// view columns, the names the column may hold. Two kinds, as MariaDB fills information_schema:
// - a conjunct `column = 'x'` (either side; an IN of one string is one) is a lookup value: MariaDB opens
//   the database or table by exactly that name (lower_case_table_names=0: case and trailing spaces count,
//   so TABLE_NAME = 'T1' finds no table t1); the first such conjunct of a column is its lookup value;
// - `column IN ('x', 'y')` of more strings only narrows as the view's text columns compare
//   (utf8mb4_general_ci: case and trailing spaces ignored), as MariaDB filters such rows.
// Strings only: literals (DATABASE() is bound as one) and string functions of them (UPPER(DATABASE())),
// which MariaDB evaluates for the lookup as well. A view may build only the rows these admit (the
// information_schema views read only the named databases' and tables' schemas); the rows it returns are
// still filtered by the whole WHERE, so a view may ignore the filter, and the filter only narrows.
public sealed class SystemViewFilter
{
    private readonly Dictionary<int, NamePin> _pins;

    private SystemViewFilter(Dictionary<int, NamePin> pins) => _pins = pins;

    public static SystemViewFilter None { get; } = new([]);

    // The filter the conjuncts pin for the view whose columns sit at offset..offset+width-1 of their row.
    public static SystemViewFilter From(IEnumerable<BoundExpr> conjuncts, int offset, int width)
    {
        var pins = new Dictionary<int, NamePin>();
        foreach (var conjunct in conjuncts)
        {
            if (Pinned(conjunct) is not ({ } column, { } strings) || column < offset || column >= offset + width)
                continue;
            var local = column - offset;
            var earlier = pins.GetValueOrDefault(local) ?? NamePin.Any;
            pins[local] = strings.Count == 1 ? earlier.WithLookup(strings[0]) : earlier.Within(strings);
        }
        return pins.Count == 0 ? None : new SystemViewFilter(pins);
    }

    // Restricted at all (for tests and plans).
    public bool IsEmpty => _pins.Count == 0;

    // The names the view's column (by position) may hold, or null when it is not pinned.
    public NamePin? PinOf(int column) => _pins.GetValueOrDefault(column);

    // The same by column name; a name the view lacks is never pinned.
    public NamePin? PinOf(TableSchema view, string column)
    {
        var index = view.IndexOf(column);
        return index < 0 ? null : PinOf(index);
    }

    private static (int Column, IReadOnlyList<string> Strings)? Pinned(BoundExpr conjunct) => conjunct switch
    {
        BoundBinary { Op: BinaryOp.Eq, Left: BoundColumn c, Right: var r } when Text(r) is { } s => (c.Index, [s]),
        BoundBinary { Op: BinaryOp.Eq, Left: var l, Right: BoundColumn c } when Text(l) is { } s => (c.Index, [s]),
        BoundInList { Negated: false, Operand: BoundColumn c } list when list.List.Select(Text).ToList() is var texts && texts.All(t => t is not null) =>
            (c.Index, [.. texts.Select(t => t!)]),
        _ => null,
    };

    // String functions whose value depends only on their arguments.
    private static readonly FrozenSet<string> NameFunctions = FrozenSet.ToFrozenSet(
        ["UPPER", "UCASE", "LOWER", "LCASE", "CONCAT", "CONCAT_WS", "TRIM", "LTRIM", "RTRIM", "SUBSTRING", "SUBSTR", "LEFT", "RIGHT", "REPLACE"],
        StringComparer.Ordinal);

    // The string an expression without columns gives: a literal, or such functions of literals.
    private static string? Text(BoundExpr e)
    {
        if (e is BoundLiteral literal)
            return literal.Value.Type == ObType.String ? literal.Value.String : null;
        if (!ColumnFree(e))
            return null;
        try
        {
            var value = ExprEvaluator.Evaluate(e, [], EvalContext.AtNow());
            return value.Type == ObType.String ? value.String : null;
        }
        catch (ExprException)
        {
            return null;
        }
    }

    private static bool ColumnFree(BoundExpr e) => e switch
    {
        BoundLiteral => true,
        BoundFunction f => NameFunctions.Contains(f.Name) && f.Args.All(ColumnFree),
        _ => false,
    };
}

// The names one pinned column may hold: Lookup, the exact name of a `column = 'x'` (null: none), and AnyOf,
// the strings of IN lists, compared by the collation (null: none; several lists: the strings all admit).
public sealed record NamePin(string? Lookup, IReadOnlyList<string>? AnyOf)
{
    public static NamePin Any { get; } = new(null, null);

    // The first lookup value stays (MariaDB takes the first; the WHERE still checks the others).
    public NamePin WithLookup(string name) => Lookup is null ? this with { Lookup = name } : this;

    public NamePin Within(IReadOnlyList<string> strings) =>
        this with { AnyOf = AnyOf is null ? strings : [.. strings.Where(s => AnyOf.Any(e => Collation.Default.Equals(e, s)))] };

    // Whether a name passes; lookupIgnoresCase for a name MariaDB looks up case-insensitively (information_schema).
    public bool Admits(string name, bool lookupIgnoresCase = false) =>
        (Lookup is null || (lookupIgnoresCase ? string.Equals(Lookup, name, StringComparison.OrdinalIgnoreCase) : Lookup == name))
        && (AnyOf is null || AnyOf.Any(v => Collation.Default.Equals(v, name)));

    // Admitted by a pin that may be absent.
    public static bool Admits(NamePin? pin, string name, bool lookupIgnoresCase = false) => pin is null || pin.Admits(name, lookupIgnoresCase);
}
