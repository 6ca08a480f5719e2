using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Types;

// TableSchema <-> TableDef (the RPC form the RootServer serves).
public static partial class SchemaConvert
{
    public static TableDef ToProto(TableSchema t)
    {
        var def = new TableDef { TableId = t.TableId, Database = t.Database, Name = t.Name, DefaultCollation = (int)t.DefaultCollation, CompressMethod = t.CompressMethod };
        foreach (var c in t.Columns)
        {
            var col = new ColumnDef
            {
                Id = c.Id,
                Name = c.Name,
                Type = (int)c.Type,
                Length = c.Length,
                Precision = c.Precision,
                Scale = c.Scale,
                Unsigned = c.Unsigned,
                Nullable = c.Nullable,
                AutoIncrement = c.AutoIncrement,
                Collation = (int)c.TextCollation,
                HasDefault = c.Default.HasValue,
                JsonValidated = c.JsonValidated,
            };
            if (c.Members is { } members)
                col.Members.AddRange(members);
            if (c.Default is { } d)
            {
                var w = new ArrayBufferWriter<byte>();
                CellCodec.Write(w, d);
                col.DefaultValue = ByteString.CopyFrom(w.WrittenSpan);
            }
            DdlColumnToProto(c, col);
            def.Columns.Add(col);
        }
        def.RowkeyColumns.AddRange(t.RowKeyColumns);
        def.IndexOwnerTableId = t.IndexOwnerTableId;
        foreach (var index in t.Indexes)
            def.Indexes.Add(ToProto(index));
        DdlTableToProto(t, def);
        return def;
    }

    public static TableSchema FromProto(TableDef def)
    {
        var cols = new List<ColumnSchema>(def.Columns.Count);
        foreach (var c in def.Columns)
        {
            ObObj? d = null;
            if (c.HasDefault)
            {
                var pos = 0;
                d = CellCodec.Read(c.DefaultValue.Span, ref pos);
            }
            cols.Add(DdlColumnFromProto(c, new ColumnSchema(c.Id, c.Name, (ColumnType)c.Type, c.Length, c.Precision, c.Scale,
                c.Unsigned, c.Nullable, d, c.AutoIncrement, (CollationId)c.Collation,
                c.Members.Count > 0 ? [.. c.Members] : null, c.JsonValidated)));
        }
        return DdlTableFromProto(def, new TableSchema(def.TableId, def.Database, def.Name, cols, [.. def.RowkeyColumns], (CollationId)def.DefaultCollation)
        {
            Indexes = def.Indexes.Count == 0 ? [] : [.. def.Indexes.Select(FromProto)],
            IndexOwnerTableId = def.IndexOwnerTableId,
            CompressMethod = def.CompressMethod,
        });
    }

    public static IndexDef ToProto(IndexSchema index)
    {
        var def = new IndexDef { Name = index.Name, IndexTableId = index.IndexTableId, Unique = index.Unique, State = (Protos.IndexState)index.Phase };
        def.Columns.AddRange(index.Columns);
        return def;
    }

    public static IndexSchema FromProto(IndexDef def) =>
        new(def.Name, def.IndexTableId, [.. def.Columns], def.Unique, (IndexPhase)def.State);
}
