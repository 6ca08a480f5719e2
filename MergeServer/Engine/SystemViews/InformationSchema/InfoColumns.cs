using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Schema;

namespace OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

// Builds the TableSchema of an information_schema view from its MariaDB column list: a name alone is
// VARCHAR(64), "#name" a BIGINT UNSIGNED, "@name" a DATETIME, "+name" a long text (VARCHAR(2048)).
public static class InfoColumns
{
    public const string Database = SchemaSnapshot.InformationSchema;

    public static TableSchema Table(string name, params string[] columns) =>
        new(1, Database, name, [.. columns.Select((c, i) => Column(i + 1, c))], []);

    private static ColumnSchema Column(int id, string spec) => spec[0] switch
    {
        '#' => new ColumnSchema(id, spec[1..], ColumnType.BigInt, Unsigned: true),
        '@' => new ColumnSchema(id, spec[1..], ColumnType.DateTime),
        '+' => new ColumnSchema(id, spec[1..], ColumnType.VarChar, 2048),
        _ => new ColumnSchema(id, spec, ColumnType.VarChar, 64),
    };

    public static ObObj Text(string? value) => value is null ? ObObj.Null : ObObj.FromString(value);

    public static ObObj Number(long? value) => value is null ? ObObj.Null : ObObj.FromUInt((ulong)value.Value);
}
