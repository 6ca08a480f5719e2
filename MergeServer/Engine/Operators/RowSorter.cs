using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.MergeServer.Engine.Operators;

// ORDER BY over materialized rows: stable, NULLs first ascending and last descending (as MySQL),
// strings under their collation (SqlValueComparer).
public static class RowSorter
{
    public static void Sort(List<ObObj[]> rows, IReadOnlyList<SortKey> keys)
    {
        if (keys.Count == 0 || rows.Count < 2)
            return;
        var indexed = new (ObObj[] Row, int Seq)[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            indexed[i] = (rows[i], i);
        Array.Sort(indexed, (a, b) =>
        {
            var c = Compare(a.Row, b.Row, keys);
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        });
        for (var i = 0; i < indexed.Length; i++)
            rows[i] = indexed[i].Row;
    }

    public static int Compare(ObObj[] a, ObObj[] b, IReadOnlyList<SortKey> keys)
    {
        foreach (var key in keys)
        {
            var c = SqlValueComparer.Instance.Compare(a[key.Index], b[key.Index]);
            if (c != 0)
                return key.Descending ? -c : c;
        }
        return 0;
    }
}
