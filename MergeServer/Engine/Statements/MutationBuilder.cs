using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Statements;

// Encodes RowMutations: rowkey from the primary key values, cells as (varint column id, CellCodec cell).
public static class MutationBuilder
{
    public static byte[] RowKey(TableSchema table, ReadOnlySpan<ObObj> row)
    {
        var key = new ObObj[table.RowKeyColumns.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = row[table.RowKeyColumns[i]];
        return RowKeyCodec.Encode(key);
    }

    public static RowMutation Mutation(TableSchema table, MutationOp op, byte[] rowKey, ReadOnlySpan<ObObj> row, IEnumerable<int>? columns)
    {
        var mutation = new RowMutation { TableId = table.TableId, Rowkey = ByteString.CopyFrom(rowKey), Op = op };
        if (op is MutationOp.MutDelete or MutationOp.MutLock)
            return mutation;
        var writer = new ArrayBufferWriter<byte>(64);
        foreach (var i in columns ?? Enumerable.Range(0, table.Columns.Count))
        {
            CellCodec.WriteVarUInt(writer, (ulong)table.Columns[i].Id);
            CellCodec.Write(writer, row[i]);
        }
        mutation.Cells = ByteString.CopyFrom(writer.WrittenSpan);
        return mutation;
    }
}
