using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

public static class BindErrors
{
    public static SqlError UnknownColumn(ColumnRef column, string clause)
    {
        var name = column.Table is null ? column.Column : $"{column.Table}.{column.Column}";
        return SqlError.FromCode(ErrorCodes.BadField, $"Unknown column '{name}' in '{clause}'");
    }

    public static SqlError NotSupported(string what) =>
        SqlError.FromCode(ErrorCodes.NotSupported, $"This version of OceanClassic doesn't yet support '{what}'");

    public static SqlError InvalidGroupFunction() =>
        SqlError.FromCode(ErrorCodes.InvalidGroupFuncUse, "Invalid use of group function");
}
