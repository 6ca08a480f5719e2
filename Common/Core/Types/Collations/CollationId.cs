namespace OceanClassic.Common.Types.Collations;

// The collations this server implements. The numeric values are stored (ColumnDef.collation, string
// value tags), so they never change; 0 is the server default, utf8mb4_general_ci.
public enum CollationId : byte
{
    Utf8mb4GeneralCi = 0,
    Utf8mb4Bin = 1,
    Binary = 2,
}

// How strongly a string value holds its collation when two meet in a comparison (MySQL's
// coercibility, strongest last): a literal or function result yields to a column, a column
// yields to an explicit `COLLATE`.
public enum CollationDerivation : byte
{
    Coercible = 0,
    Implicit = 1,
    Explicit = 2,
}
