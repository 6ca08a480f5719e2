using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// What a value is compared as: COLLATION(x) names the collation a string carries (a column's, a COLLATE
// clause's, else utf8mb4_general_ci), CHARSET(x) its character set; binary strings, numbers, temporal
// values and NULL are 'binary', as MariaDB answers.
internal static class CollationFunctions
{
    public static readonly FunctionDefinition[] Definitions =
    [
        Def("COLLATION", 1, 1, (a, _) => Str(a[0].Type == ObType.String ? Collation.Of(a[0].Collation).Name : "binary"), nullIfAnyNull: false),
        Def("CHARSET", 1, 1, (a, _) => Str(a[0].Type == ObType.String ? "utf8mb4" : "binary"), nullIfAnyNull: false),
    ];
}
