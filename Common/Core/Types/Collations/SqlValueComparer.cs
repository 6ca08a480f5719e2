namespace OceanClassic.Common.Types.Collations;

// SQL order and equality of values: two strings compare under the collation their tags resolve to
// (ResolveCollation), everything else as ObObj.CompareTo (numbers by value across kinds, NULL first).
// This is the comparer for ORDER BY, GROUP BY, DISTINCT, MIN/MAX, comparisons and join keys; ObObj's
// own CompareTo/Equals stay exact (ordinal strings) for "is this the same stored value" questions.
// Equality is grouping equality: NULLs are equal to each other and a string never equals a number,
// so equal values always share a hash code.
public sealed class SqlValueComparer : IComparer<ObObj>, IEqualityComparer<ObObj>
{
    public static readonly SqlValueComparer Instance = new();

    private SqlValueComparer()
    {
    }

    // The collation two strings meet under: the stronger derivation wins (an explicit COLLATE over a
    // column over a literal); between equally strong different collations the binary-like one wins
    // (MariaDB refuses that mix with 1267; deciding keeps every comparison total).
    public static Collation ResolveCollation(ObObj a, ObObj b)
    {
        var ca = a.Collation;
        var cb = b.Collation;
        if (ca == cb)
            return Collation.Of(ca);
        var da = a.Derivation;
        var db = b.Derivation;
        if (da != db)
            return Collation.Of(da > db ? ca : cb);
        return Collation.Of(ca > cb ? ca : cb);
    }

    public int Compare(ObObj a, ObObj b) =>
        a.Type == ObType.String && b.Type == ObType.String
            ? Math.Sign(ResolveCollation(a, b).Compare(a.String, b.String))
            : a.CompareTo(b);

    public bool Equals(ObObj a, ObObj b) =>
        a.Type == ObType.String && b.Type == ObType.String
            ? ResolveCollation(a, b).Equals(a.String, b.String)
            : a.Equals(b);

    public int GetHashCode(ObObj v) =>
        v.Type == ObType.String ? Collation.Of(v.Collation).GetHashCode(v.String) : v.GetHashCode();
}
