using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.MergeServer.Engine.Operators;

// Equality of join key tuples with '=' semantics (ExprCompare), for the hash tables of hash and index
// joins. Hashes agree whenever values compare equal: numbers hash by their DOUBLE value (1 = 1.0),
// strings by their utf8mb4_general_ci weights whatever their collation (every collation here is at
// least as fine, so strings equal under any of them hash alike), dates by their microseconds. The planner only pairs keys of one kind.
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
        ObType.String => Collation.Utf8mb4GeneralCi.GetHashCode(v.String),
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
