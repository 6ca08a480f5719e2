using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Planning.KeyRange;

// Derives the key ranges a WHERE clause can match, from its top-level AND conjuncts on the key's
// columns: '=' and IN fix a key column (several values → several point ranges), then one of
// < <= > >= BETWEEN bounds the next one. The result is always a superset of the matching rows — the
// full filter still runs — so a predicate it does not understand simply widens the range. Strings key
// by the column's collation; a comparison under another collation (an explicit COLLATE, a column of
// another collation) is not a bare column against a literal, so it never narrows the range.
// The key is a table's primary key, or an index table's key (index columns, then the primary key):
// whereColumns says which column of the WHERE's row each key column is. Index columns may hold NULL
// (stored, sorting first): IS NULL and <=> NULL fix one to NULL, and a range bounded only from above (or
// by IS NOT NULL) starts after the NULLs. A conjunct that is an OR narrows the key as the union of
// what each of its branches narrows it to (KeyRangeExtractor.Disjunctions.cs).
public static partial class KeyRangeExtractor
{
    public const int MaxPoints = 1000;

    public static IReadOnlyList<ScanRange> Extract(BoundExpr? where, TableSchema table) =>
        Analyze(where, table, table.RowKeyColumns).Ranges;

    public static KeyRanges Analyze(BoundExpr? where, TableSchema keyTable, IReadOnlyList<int> whereColumns)
    {
        if (where is null)
            return KeyRanges.Unrestricted;
        return Analyze(Conjuncts.Split(where), keyTable, whereColumns, new DisjunctionBudget());
    }

    // The ranges the AND conjuncts (none of them an OR) allow.
    private static KeyRanges AnalyzeConjuncts(List<BoundExpr> conjuncts, TableSchema keyTable, IReadOnlyList<int> whereColumns)
    {
        var prefixes = new List<ObObj[]> { Array.Empty<ObObj>() };
        var fixedColumns = 0;
        for (var k = 0; k < keyTable.RowKeyColumns.Count && k < whereColumns.Count; k++)
        {
            var column = keyTable.Columns[keyTable.RowKeyColumns[k]];
            if (EqualValues(conjuncts, whereColumns[k], column) is { } values)
            {
                if (values.Count == 0)
                    return new KeyRanges([], k + 1, false);
                if (prefixes.Count * values.Count > MaxPoints)
                    break;
                prefixes = Extend(prefixes, values);
                fixedColumns = k + 1;
                continue;
            }
            var bounds = Bounds(conjuncts, whereColumns[k], column);
            var bounded = bounds.Low.Present || bounds.High.Present;
            var ranges = new List<ScanRange>(prefixes.Count);
            foreach (var prefix in prefixes)
                ranges.Add(PrefixRange(prefix, bounds, column.Nullable, keyTable));
            return new KeyRanges(Normalize(ranges), fixedColumns, bounded);
        }
        var complete = prefixes.Count > 0 && prefixes[0].Length == keyTable.RowKeyColumns.Count;
        var points = new List<ScanRange>(prefixes.Count);
        foreach (var prefix in prefixes)
            points.Add(complete ? ScanRange.Point(RowKeyCodec.Encode(prefix, keyTable)) : PrefixRange(prefix, default, false, keyTable));
        return new KeyRanges(Normalize(points), fixedColumns, false);
    }

    // Every prefix followed by every value, prefix by prefix (plain loops: a lambda over `values` made
    // its closure on every key column of every analysis, fixed or not).
    private static List<ObObj[]> Extend(List<ObObj[]> prefixes, List<ObObj> values)
    {
        var extended = new List<ObObj[]>(prefixes.Count * values.Count);
        foreach (var prefix in prefixes)
        {
            foreach (var value in values)
            {
                var key = new ObObj[prefix.Length + 1];
                prefix.CopyTo(key, 0);
                key[^1] = value;
                extended.Add(key);
            }
        }
        return extended;
    }

    // The smallest byte string greater than every string that starts with `prefix`; null = none (+inf).
    public static byte[]? PrefixSuccessor(byte[] prefix)
    {
        var result = (byte[])prefix.Clone();
        for (var i = result.Length - 1; i >= 0; i--)
        {
            if (result[i] != 0xFF)
            {
                result[i]++;
                return result[..(i + 1)];
            }
        }
        return null;
    }

    // The keys that start with `prefix` (a whole or partial key of keyTable).
    public static ScanRange PrefixRange(byte[] prefix)
    {
        var end = PrefixSuccessor(prefix);
        return new ScanRange(prefix, true, end, end is null);
    }

    // Values an '=' or IN conjunct fixes the column to; null = not fixed. An empty list = no row can match.
    private static List<ObObj>? EqualValues(List<BoundExpr> conjuncts, int index, ColumnSchema column)
    {
        foreach (var c in conjuncts)
        {
            switch (c)
            {
                case BoundBinary { Op: BinaryOp.NullSafeEq } b when ColumnAndConstant(b, index, out var value, out _) && value.IsNull:
                    return column.Nullable ? [ObObj.Null] : [];
                case BoundIsNull { Negated: false, Operand: var operand } when IsColumn(operand, index):
                    return column.Nullable ? [ObObj.Null] : [];
                case BoundBinary { Op: BinaryOp.Eq or BinaryOp.NullSafeEq } b when ColumnAndConstant(b, index, out var value, out _):
                    return KeyValue.TryExact(value, column, out var exact) ? [exact] : value.IsNull || KeyValue.CannotEqual(value, column) ? [] : null;
                case BoundInList { Negated: false } inList when IsColumn(inList.Operand, index)
                    && inList.List.All(e => e is BoundLiteral):
                    {
                        var values = new List<ObObj>();
                        foreach (var e in inList.List)
                        {
                            var v = ((BoundLiteral)e).Value;
                            if (KeyValue.TryExact(v, column, out var exactValue))
                                values.Add(exactValue);
                            else if (!v.IsNull && !KeyValue.CannotEqual(v, column))
                                return null;
                        }
                        return values;
                    }
                default:
                    break;
            }
        }
        return null;
    }

    private readonly record struct Bound(ObObj Value, bool Inclusive, bool Present);

    // The range conjuncts on the column; NotNull when one says IS NOT NULL (no bound, but no NULL either).
    private static (Bound Low, Bound High, bool NotNull) Bounds(List<BoundExpr> conjuncts, int index, ColumnSchema column)
    {
        Bound low = default, high = default;
        var notNull = false;
        foreach (var c in conjuncts)
        {
            if (c is BoundIsNull { Negated: true, Operand: var operand } && IsColumn(operand, index))
                notNull = true;
            else if (c is BoundBinary b && ColumnAndConstant(b, index, out var value, out var flipped))
            {
                var op = flipped ? Flip(b.Op) : b.Op;
                if (!KeyValue.TryExact(value, column, out var v))
                    continue;
                switch (op)
                {
                    case BinaryOp.Gt: low = Tighter(low, new Bound(v, false, true), lower: true); break;
                    case BinaryOp.Ge: low = Tighter(low, new Bound(v, true, true), lower: true); break;
                    case BinaryOp.Lt: high = Tighter(high, new Bound(v, false, true), lower: false); break;
                    case BinaryOp.Le: high = Tighter(high, new Bound(v, true, true), lower: false); break;
                    default: break;
                }
            }
            else if (c is BoundBetween { Negated: false, Low: BoundLiteral lo, High: BoundLiteral hi } between && IsColumn(between.Operand, index))
            {
                if (KeyValue.TryExact(lo.Value, column, out var l))
                    low = Tighter(low, new Bound(l, true, true), lower: true);
                if (KeyValue.TryExact(hi.Value, column, out var h))
                    high = Tighter(high, new Bound(h, true, true), lower: false);
            }
        }
        return (low, high, notNull);
    }

    private static Bound Tighter(Bound current, Bound candidate, bool lower)
    {
        if (!current.Present)
            return candidate;
        var cmp = SqlValueComparer.Instance.Compare(candidate.Value, current.Value);
        if (cmp == 0)
            return current.Inclusive && candidate.Inclusive ? current : candidate with { Inclusive = false };
        return (lower ? cmp > 0 : cmp < 0) ? candidate : current;
    }

    // Keys starting with `prefix` whose next component lies within the bounds (never NULL when the
    // component is bounded at all: a comparison with NULL is not true).
    private static ScanRange PrefixRange(ObObj[] prefix, (Bound Low, Bound High, bool NotNull) bounds, bool nullable, TableSchema table)
    {
        var prefixKey = RowKeyCodec.Encode(prefix, table);
        byte[]? start = prefix.Length == 0 ? null : prefixKey;
        var startInclusive = true;
        byte[]? end = prefix.Length == 0 ? null : PrefixSuccessor(prefixKey);
        var endInclusive = end is null;
        if (bounds.Low.Present)
        {
            var key = RowKeyCodec.Encode([.. prefix, bounds.Low.Value], table);
            start = bounds.Low.Inclusive ? key : PrefixSuccessor(key);
            if (start is null)
                return new ScanRange([0xFF], false, [0xFF], false); // empty
        }
        else if ((bounds.High.Present || bounds.NotNull) && nullable)
        {
            start = PrefixSuccessor(RowKeyCodec.Encode([.. prefix, ObObj.Null], table));
        }
        if (bounds.High.Present)
        {
            var key = RowKeyCodec.Encode([.. prefix, bounds.High.Value], table);
            (end, endInclusive) = bounds.High.Inclusive ? (PrefixSuccessor(key), false) : (key, false);
            if (end is null)
                endInclusive = true;
        }
        return new ScanRange(start, startInclusive, end, endInclusive);
    }

    // The ranges as one sorted set (KeyRangeSet): an IN list that repeats a value, or lists values whose
    // prefix ranges meet, reads each key once. Repeated index prefixes used to stay separate ranges that
    // read their entries twice (duplicate rows from a covering index) and, overlapping, made the
    // ChunkServer fetch each one's increments in a request of its own instead of one for them all.
    public static List<ScanRange> Normalize(IEnumerable<ScanRange> ranges) => KeyRangeSet.Union(ranges);

    private static bool ColumnAndConstant(BoundBinary b, int index, out ObObj value, out bool flipped)
    {
        if (IsColumn(b.Left, index) && b.Right is BoundLiteral r)
        {
            value = r.Value;
            flipped = false;
            return true;
        }
        if (IsColumn(b.Right, index) && b.Left is BoundLiteral ll)
        {
            value = ll.Value;
            flipped = true;
            return true;
        }
        value = default;
        flipped = false;
        return false;
    }

    // The key column itself: bare, or under its own (non-default) collation as the binder marks it.
    private static bool IsColumn(BoundExpr e, int index) => e switch
    {
        BoundColumn c => c.Index == index,
        BoundCollate { Derivation: CollationDerivation.Implicit, Operand: BoundColumn c } => c.Index == index,
        _ => false,
    };

    private static BinaryOp Flip(BinaryOp op) => op switch
    {
        BinaryOp.Lt => BinaryOp.Gt,
        BinaryOp.Le => BinaryOp.Ge,
        BinaryOp.Gt => BinaryOp.Lt,
        BinaryOp.Ge => BinaryOp.Le,
        _ => op,
    };
}

// The ranges of one key a WHERE allows, and how it pins the key: EqualityColumns leading key columns
// fixed by '=' / IN / IS NULL, and whether the next one is Bounded by a range. No range at all = no row.
public sealed record KeyRanges(IReadOnlyList<ScanRange> Ranges, int EqualityColumns, bool Bounded)
{
    public static KeyRanges Unrestricted { get; } = new([ScanRange.Full], 0, false);

    public bool IsFull => Ranges.Count == 1 && Ranges[0].Start is null && Ranges[0].End is null;

    public bool AllPoints => Ranges.Count > 0 && Ranges.All(r => r.IsPoint);
}
