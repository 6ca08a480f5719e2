using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Operators;

// ORDER BY over materialized rows: stable, NULLs first ascending and last descending (as MySQL),
// strings under their collation (SqlValueComparer), ENUM/SET values by their index / bit mask.
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

    // An index loop: a foreach over the IReadOnlyList boxed an enumerator on every comparison (issue 21:
    // most of what an ORDER BY of 100 rows allocated).
    public static int Compare(ObObj[] a, ObObj[] b, IReadOnlyList<SortKey> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var c = CompareForOrder(a[key.Index], b[key.Index]);
            if (c != 0)
                return key.Descending ? -c : c;
        }
        return 0;
    }

    // ENUM and SET values sort by their index / bit mask (as MySQL orders them), everything else by value.
    private static int CompareForOrder(ObObj a, ObObj b) =>
        a.Type == ObType.String && b.Type == ObType.String && a.CarriedNumber is { } x && b.CarriedNumber is { } y
            ? x.CompareTo(y)
            : SqlValueComparer.Instance.Compare(a, b);
}
