using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Operators;

// Equality of join key tuples with '=' semantics (ExprCompare), for the hash tables of hash and index
// joins. Hashes agree whenever values compare equal: numbers hash by their DOUBLE value (1 = 1.0),
// strings by their upper-cased text without trailing spaces (so a case- or pad-insensitive collation
// still finds its matches), dates by their microseconds. The planner only pairs keys of one kind.
public sealed class JoinKeyComparer : IEqualityComparer<ObObj[]>
{
    public static readonly JoinKeyComparer Instance = new();

    public bool Equals(ObObj[]? x, ObObj[]? y)
    {
        if (x is null || y is null || x.Length != y.Length)
            return false;
        for (var i = 0; i < x.Length; i++)
        {
            if (!ExprCompare.AreEqual(x[i], y[i]))
                return false;
        }
        return true;
    }

    public int GetHashCode(ObObj[] obj)
    {
        var h = new HashCode();
        foreach (var v in obj)
            h.Add(HashOf(v));
        return h.ToHashCode();
    }

    private static int HashOf(ObObj v) => v.Type switch
    {
        ObType.String => string.GetHashCode(v.String.TrimEnd(' ').ToUpperInvariant(), StringComparison.Ordinal),
        ObType.Date or ObType.DateTime => v.Micros.GetHashCode(),
        ObType.Null => 0,
        _ => v.ToDouble().GetHashCode(),
    };

    public static bool HasNull(ObObj[] key)
    {
        foreach (var v in key)
        {
            if (v.IsNull)
                return true;
        }
        return false;
    }
}
