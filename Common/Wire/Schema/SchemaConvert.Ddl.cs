using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Types;

// The DDL fields of TableDef (40-59) and ColumnDef (30-49) <-> TableSchema / ColumnSchema.
public static partial class SchemaConvert
{
    private static void DdlColumnToProto(ColumnSchema c, ColumnDef col)
    {
        if (c.FillValue is { } fill)
        {
            col.HasFillValue = true;
            col.FillValue = EncodeCell(fill);
        }
        col.Retyped = c.Retyped;
        col.OnUpdateCurrentTimestamp = c.OnUpdateCurrentTimestamp;
        col.DefaultFunction = c.DefaultFunction ?? "";
        col.Comment = c.Comment ?? "";
        col.Hidden = c.Hidden;
        col.FractionalDigits = c.FractionalDigits;
    }

    private static ColumnSchema DdlColumnFromProto(ColumnDef c, ColumnSchema column) => column with
    {
        FillValue = c.HasFillValue ? Decode(c.FillValue) : null,
        Retyped = c.Retyped,
        OnUpdateCurrentTimestamp = c.OnUpdateCurrentTimestamp,
        DefaultFunction = c.DefaultFunction.Length == 0 ? null : c.DefaultFunction,
        Comment = c.Comment.Length == 0 ? null : c.Comment,
        Hidden = c.Hidden,
        FractionalDigits = c.FractionalDigits,
        Default = column.Default is { Type: ObType.DateTime } d ? ObObj.FromDateTimeMicros(d.Micros, c.FractionalDigits) : column.Default,
    };

    private static void DdlTableToProto(TableSchema t, TableDef def)
    {
        def.NextColumnId = t.ColumnIdAfterLast;
        def.TableVersion = t.TableVersion;
        def.Comment = t.Comment ?? "";
        def.AutoIncrementStart = t.AutoIncrementStart;
        def.Engine = t.Engine ?? "";
        foreach (var check in t.Checks)
            def.Checks.Add(new CheckDef { Name = check.Name, Expression = check.Expression, Column = check.Column ?? "" });
        foreach (var fk in t.ForeignKeys)
        {
            var f = new ForeignKeyDef
            {
                Name = fk.Name, RefDatabase = fk.RefDatabase, RefTable = fk.RefTable, OnDelete = fk.OnDelete ?? "", OnUpdate = fk.OnUpdate ?? "",
                IndexName = fk.IndexName ?? "",
            };
            f.Columns.AddRange(fk.Columns);
            f.RefColumns.AddRange(fk.RefColumns);
            def.ForeignKeys.Add(f);
        }
    }

    private static TableSchema DdlTableFromProto(TableDef def, TableSchema table) => table with
    {
        NextColumnId = def.NextColumnId,
        TableVersion = def.TableVersion,
        Comment = def.Comment.Length == 0 ? null : def.Comment,
        AutoIncrementStart = def.AutoIncrementStart,
        Engine = def.Engine.Length == 0 ? null : def.Engine,
        Checks = [.. def.Checks.Select(c => new CheckConstraint(c.Name, c.Expression, c.Column.Length == 0 ? null : c.Column))],
        ForeignKeys = [.. def.ForeignKeys.Select(f => new ForeignKey(f.Name, [.. f.Columns], f.RefDatabase, f.RefTable, [.. f.RefColumns],
            f.OnDelete.Length == 0 ? null : f.OnDelete, f.OnUpdate.Length == 0 ? null : f.OnUpdate,
            f.IndexName.Length == 0 ? null : f.IndexName))],
    };

    public static ByteString EncodeCell(ObObj value)
    {
        var w = new ArrayBufferWriter<byte>();
        CellCodec.Write(w, value);
        return ByteString.CopyFrom(w.WrittenSpan);
    }

    private static ObObj Decode(ByteString bytes)
    {
        var pos = 0;
        return CellCodec.Read(bytes.Span, ref pos);
    }
}
