using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// What a statement's WHERE pins about a system view's rows, handed to ISystemView.LoadAsync: for some
// view columns, the strings the column must equal (a conjunct `column = 'x'` or `column IN ('x', 'y')`
// over string literals; DATABASE() is bound as one). A view may build only the rows these admit (the
// information_schema views read only the named databases' and tables' schemas); the rows it returns are
// still filtered by the whole WHERE, so a view may ignore the filter, and the filter only narrows.
// Values compare as the view's text columns do (utf8mb4_general_ci: case and trailing spaces ignored).
public sealed class SystemViewFilter
{
    private readonly Dictionary<int, IReadOnlyList<string>> _values;

    private SystemViewFilter(Dictionary<int, IReadOnlyList<string>> values) => _values = values;

    public static SystemViewFilter None { get; } = new([]);

    // The filter the conjuncts pin for the view whose columns sit at offset..offset+width-1 of their row.
    public static SystemViewFilter From(IEnumerable<BoundExpr> conjuncts, int offset, int width)
    {
        var values = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var conjunct in conjuncts)
        {
            if (Pinned(conjunct) is not ({ } column, { } strings) || column < offset || column >= offset + width)
                continue;
            var local = column - offset;
            // Two conjuncts on one column: only strings both admit.
            values[local] = values.TryGetValue(local, out var earlier)
                ? [.. strings.Where(s => earlier.Any(e => Collation.Default.Equals(e, s)))]
                : strings;
        }
        return values.Count == 0 ? None : new SystemViewFilter(values);
    }

    // Restricted at all (for tests and plans).
    public bool IsEmpty => _values.Count == 0;

    // The strings the view's column (by position) must equal, or null when it is not pinned.
    public IReadOnlyList<string>? ValuesOf(int column) => _values.GetValueOrDefault(column);

    // The same by column name; a name the view lacks is never pinned.
    public IReadOnlyList<string>? ValuesOf(TableSchema view, string column)
    {
        var index = view.IndexOf(column);
        return index < 0 ? null : ValuesOf(index);
    }

    // A name the column may hold: always when the column is not pinned.
    public static bool Admits(IReadOnlyList<string>? values, string name) =>
        values is null || values.Any(v => Collation.Default.Equals(v, name));

    private static (int Column, IReadOnlyList<string> Strings)? Pinned(BoundExpr conjunct) => conjunct switch
    {
        BoundBinary { Op: BinaryOp.Eq, Left: BoundColumn c, Right: BoundLiteral l } when Text(l) is { } s => (c.Index, [s]),
        BoundBinary { Op: BinaryOp.Eq, Left: BoundLiteral l, Right: BoundColumn c } when Text(l) is { } s => (c.Index, [s]),
        BoundInList { Negated: false, Operand: BoundColumn c } list when list.List.All(e => e is BoundLiteral l && Text(l) is not null) =>
            (c.Index, [.. list.List.Select(e => Text((BoundLiteral)e)!)]),
        _ => null,
    };

    private static string? Text(BoundLiteral literal) => literal.Value.Type == ObType.String ? literal.Value.String : null;
}
