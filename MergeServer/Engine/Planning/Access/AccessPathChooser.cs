using OceanClassic.Common.Types;
using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Engine.Planning.Access;

// Chooses how to read one table for a WHERE (bound over the table's columns), the columns the
// statement reads, and — for ORDER BY … LIMIT — the order wanted. There are no statistics, so the
// choice is by the shape of the predicate, in this order of preference:
//   1. the primary key, when the WHERE narrows it at all (points, or a range): a primary-key range
//      reads each row once, in place, with no second lookup;
//   2. a READY secondary index the WHERE narrows, best first: a UNIQUE index whose every column is
//      fixed by '=' / IN (at most one row per value), then the one fixing most leading columns, then
//      one whose next column is also bounded by a range; ties go to an index whose order gives the
//      ORDER BY (no sort, LIMIT stops the read), then to one covering the statement (no base-row
//      lookups), then to the narrower index, then by name (plans are deterministic);
//   3. with ORDER BY … LIMIT and nothing narrowing: the primary key or an index whose key order is the
//      ORDER BY (ascending; reverse scans do not exist), so reading can stop after LIMIT rows —
//      the primary key, else a covering index, else any matching index;
//   4. a full scan of the primary key.
// A BUILDING index is never read (the planner only gets READY layouts).
public static class AccessPathChooser
{
    // orderColumns: the ORDER BY as base column positions (ascending only), or null when the statement's
    // order is not a list of plain columns or reading in order cannot pay (aggregation, DISTINCT, no LIMIT).
    public static AccessPath Choose(
        TableSchema table, BoundExpr? where, IReadOnlyCollection<int> readColumns, IReadOnlyList<int>? orderColumns, IEnumerable<IndexLayout> readyIndexes)
    {
        var primary = KeyRangeExtractor.Analyze(where, table, table.RowKeyColumns);
        if (!primary.IsFull)
            return new AccessPath(null, primary, false, IsOrdered(table.RowKeyColumns, primary, orderColumns));

        var candidates = readyIndexes
            .Select(layout => (Layout: layout, Key: KeyRangeExtractor.Analyze(where, layout.Table, layout.BaseColumns)))
            .ToList();
        var narrowing = candidates
            .Where(c => Rank(c.Layout, c.Key) > 0)
            .OrderByDescending(c => Rank(c.Layout, c.Key))
            .ThenByDescending(c => c.Key.EqualityColumns)
            .ThenByDescending(c => c.Key.Bounded)
            .ThenByDescending(c => IsOrdered(c.Layout.BaseColumns, c.Key, orderColumns))
            .ThenByDescending(c => c.Layout.Covers(readColumns))
            .ThenBy(c => c.Layout.BaseColumns.Length)
            .ThenBy(c => c.Layout.Index.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault();
        if (narrowing.Layout is { } best)
            return Through(best, narrowing.Key, readColumns, orderColumns);

        if (orderColumns is { Count: > 0 })
        {
            if (IsOrdered(table.RowKeyColumns, primary, orderColumns))
                return new AccessPath(null, primary, false, true);
            var ordered = candidates
                .Where(c => IsOrdered(c.Layout.BaseColumns, c.Key, orderColumns))
                .OrderByDescending(c => c.Layout.Covers(readColumns))
                .ThenBy(c => c.Layout.BaseColumns.Length)
                .ThenBy(c => c.Layout.Index.Name, StringComparer.OrdinalIgnoreCase)
                .FirstOrDefault();
            if (ordered.Layout is { } layout)
                return Through(layout, ordered.Key, readColumns, orderColumns);
        }
        return new AccessPath(null, primary, false, false);
    }

    private static AccessPath Through(IndexLayout layout, KeyRanges key, IReadOnlyCollection<int> readColumns, IReadOnlyList<int>? orderColumns) =>
        new(layout, key, layout.Covers(readColumns), IsOrdered(layout.BaseColumns, key, orderColumns));

    // 4: nothing can match; 3: unique and fully fixed; 2: leading columns fixed; 1: a range on the first
    // free column; 0: no narrowing worth a second lookup (at most the NULLs left out).
    private static int Rank(IndexLayout layout, KeyRanges key) =>
        key.Ranges.Count == 0 ? 4
        : layout.Index.Unique && key.EqualityColumns >= layout.ValueCount ? 3 : key.EqualityColumns > 0 ? 2 : key.Bounded ? 1 : 0;

    // Whether rows read in key order (keyColumns: the key's components as base column positions) come
    // out in ORDER BY order: the ORDER BY columns are the key's columns in key order, skipping leading
    // columns that one '=' fixes to a single value for the whole read.
    public static bool IsOrdered(IReadOnlyList<int> keyColumns, KeyRanges key, IReadOnlyList<int>? orderColumns)
    {
        if (orderColumns is not { Count: > 0 })
            return false;
        var constant = key.Ranges.Count == 1 ? key.EqualityColumns : 0;
        var k = 0;
        foreach (var column in orderColumns)
        {
            while (k < keyColumns.Count && keyColumns[k] != column && k < constant)
                k++;
            if (k >= keyColumns.Count || keyColumns[k] != column)
                return false;
            k++;
        }
        return true;
    }

    // The ORDER BY as base column positions when every key is a plain ascending column of the scanned
    // table (projections are over base positions here); null otherwise.
    public static List<int>? PlainAscendingColumns(IReadOnlyList<SortKey> order, IReadOnlyList<BoundExpr> projections)
    {
        var columns = new List<int>(order.Count);
        foreach (var key in order)
        {
            if (key.Descending || key.Index >= projections.Count)
                return null;
            switch (projections[key.Index])
            {
                case BoundColumn c:
                    columns.Add(c.Index);
                    break;
                case BoundCollate { Derivation: Common.Types.Collations.CollationDerivation.Implicit, Operand: BoundColumn c }:
                    columns.Add(c.Index);
                    break;
                case var e when BoundExprs.ReadColumn(e) is { } c:
                    columns.Add(c.Index); // a TIMESTAMP read in a fixed zone orders as its stored UTC
                    break;
                default:
                    return null;
            }
        }
        return columns;
    }
}
