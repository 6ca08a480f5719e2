using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Engine.Planning.Access;

// The WHERE a primary-key read still has to filter by once its key range is read: the conjuncts the range
// enforces exactly are left out (sysbench's `id BETWEEN x AND y` and `id = x`, which every scanned row was
// tested against again, at the ChunkServer or, for a tablet read from the UpdateServer, at the MergeServer;
// issue 21). A conjunct is left out only when it is `pk = literal` or `pk BETWEEN literal AND literal` on a
// one-column integer primary key and the read is one range that is exactly the values it allows (the
// literals converted to the key exactly, KeyValue.TryExact): every row of such a range satisfies it, so
// dropping it changes no result. Anything else (other key types, several ranges, an index path, a locking
// read) keeps the whole WHERE.
public static class KeyEnforcedConjuncts
{
    public static BoundExpr? Residual(BoundExpr? where, AccessPath path, TableSchema table)
    {
        if (where is null || path.Index is not null || path.Ranges is not [var range] || table.RowKeyColumns.Count != 1)
            return where;
        var keyColumn = table.RowKeyColumns[0];
        if (table.Columns[keyColumn].StorageType is not (ObType.Int or ObType.UInt))
            return where;
        if (where is not BoundBinary { Op: BinaryOp.And })
            return Enforced(where, range, keyColumn, table) ? null : where; // one conjunct: no list
        var conjuncts = Conjuncts.Split(where);
        List<BoundExpr>? kept = null;
        for (var i = 0; i < conjuncts.Count; i++)
        {
            if (Enforced(conjuncts[i], range, keyColumn, table))
            {
                kept ??= conjuncts.GetRange(0, i);
                continue;
            }
            kept?.Add(conjuncts[i]);
        }
        return kept is null ? where : Conjuncts.Join(kept);
    }

    private static bool Enforced(BoundExpr conjunct, ScanRange range, int keyColumn, TableSchema table)
    {
        switch (conjunct)
        {
            case BoundBetween { Negated: false, Operand: BoundColumn column, Low: BoundLiteral low, High: BoundLiteral high } when column.Index == keyColumn:
                return Key(low.Value, keyColumn, table) is { } from && Key(high.Value, keyColumn, table) is { } to
                    && Is(range.Start, from) && range.StartInclusive && EndsAfter(range, to);
            case BoundBinary { Op: BinaryOp.Eq, Left: BoundColumn column, Right: BoundLiteral value } when column.Index == keyColumn:
                return Point(range, value.Value, keyColumn, table);
            case BoundBinary { Op: BinaryOp.Eq, Left: BoundLiteral value, Right: BoundColumn column } when column.Index == keyColumn:
                return Point(range, value.Value, keyColumn, table);
            default:
                return false;
        }
    }

    private static bool Point(ScanRange range, ObObj value, int keyColumn, TableSchema table) =>
        Key(value, keyColumn, table) is { } key && Is(range.Start, key) && range.StartInclusive && EndsAfter(range, key);

    // The range ends with `last` as its last key: at it inclusive, or (as KeyRangeExtractor closes a bound)
    // just before its successor. An integer key's encoding has a fixed length (RowKeyCodec: marker and 8
    // bytes), so no other key lies between them.
    private static bool EndsAfter(ScanRange range, byte[] last) =>
        range.EndInclusive ? Is(range.End, last) : KeyRangeExtractor.PrefixSuccessor(last) is { } next && Is(range.End, next);

    private static byte[]? Key(ObObj value, int keyColumn, TableSchema table) =>
        KeyValue.TryExact(value, table.Columns[keyColumn], out var exact) ? RowKeyCodec.Encode([exact], table) : null;

    private static bool Is(byte[]? bound, byte[] key) => bound is not null && bound.AsSpan().SequenceEqual(key);
}
