using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

// ALTER SYSTEM CHECK INDEX t: compare every index of t with its rows (IndexCheckExecutor).
public sealed record CheckIndexStatement(TableName Table) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("ALTER SYSTEM CHECK INDEX ");
        Table.WriteSql(builder);
    }
}
