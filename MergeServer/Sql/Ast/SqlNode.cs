using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public abstract record SqlNode
{
    public string ToSql()
    {
        var builder = new StringBuilder();
        WriteSql(builder);
        return builder.ToString();
    }

    public abstract void WriteSql(StringBuilder builder);
}
