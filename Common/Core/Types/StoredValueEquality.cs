namespace OceanClassic.Common.Types;

// Whether a write changes a cell, as MySQL decides it for affected rows: old and new values are compared
// as stored (1 and 1.0 in an INT column are the same; 'a' and 'A' differ, the bytes change).
// The MergeServer's UPDATE and the UpdateServer's evaluated update (UpdateServer/Evaluation) decide it alike.
public static class StoredValueEquality
{
    public static bool Same(ObObj a, ObObj b) =>
        a.IsNull || b.IsNull ? a.IsNull && b.IsNull : a.Type == b.Type && a.CompareTo(b) == 0 && a.ToText() == b.ToText();
}
