using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Values;

// Equality of value tuples as stored values (ObObj.Equals: strings ordinal, so 'a' and 'A' differ):
// for caches keyed by values, where SQL's collation-aware equality (SqlRowEquality) would hand one
// value's result to another.
public sealed class ExactRowEquality : IEqualityComparer<ObObj[]>
{
    public static readonly ExactRowEquality Instance = new();

    public bool Equals(ObObj[]? x, ObObj[]? y)
    {
        if (x is null || y is null)
            return x is null && y is null;
        if (x.Length != y.Length)
            return false;
        for (var i = 0; i < x.Length; i++)
        {
            if (!x[i].Equals(y[i]))
                return false;
        }
        return true;
    }

    public int GetHashCode(ObObj[] obj)
    {
        var h = new HashCode();
        foreach (var v in obj)
            h.Add(v);
        return h.ToHashCode();
    }
}
