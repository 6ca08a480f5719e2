namespace OceanClassic.Common.Types.Collations;

// Equality of value tuples under SqlValueComparer: GROUP BY, DISTINCT, COUNT(DISTINCT) and hash-join
// keys. NULLs are equal to each other here (grouping); a join must drop NULL keys itself.
public sealed class SqlRowEquality : IEqualityComparer<ObObj[]>
{
    public static readonly SqlRowEquality Instance = new();

    private SqlRowEquality()
    {
    }

    public bool Equals(ObObj[]? x, ObObj[]? y)
    {
        if (x is null || y is null)
            return x is null && y is null;
        if (x.Length != y.Length)
            return false;
        for (var i = 0; i < x.Length; i++)
        {
            if (!SqlValueComparer.Instance.Equals(x[i], y[i]))
                return false;
        }
        return true;
    }

    public int GetHashCode(ObObj[] obj)
    {
        var h = new HashCode();
        foreach (var v in obj)
            h.Add(SqlValueComparer.Instance.GetHashCode(v));
        return h.ToHashCode();
    }
}
