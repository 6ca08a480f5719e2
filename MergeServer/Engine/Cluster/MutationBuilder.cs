using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Buffers;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Cluster;

// Encodes RowMutations: rowkey from the primary key values (strings by their column's collation, see
// RowKeyCodec), cells as (varint column id, CellCodec cell).
// Encoding goes through the thread's scratch writer (ScratchBytes), copied once into the message.
public static class MutationBuilder
{
    public static byte[] RowKey(TableSchema table, ReadOnlySpan<ObObj> row)
    {
        var writer = ScratchBytes.Rent();
        AppendRowKey(writer, table, row);
        return ScratchBytes.ToArrayAndReturn(writer);
    }

    public static RowMutation Mutation(TableSchema table, MutationOp op, byte[] rowKey, ReadOnlySpan<ObObj> row, IEnumerable<int>? columns) =>
        Mutation(table, op, ByteString.CopyFrom(rowKey), row, columns);

    // The row's mutation with its rowkey computed from the row itself.
    public static RowMutation Mutation(TableSchema table, MutationOp op, ReadOnlySpan<ObObj> row)
    {
        var writer = ScratchBytes.Rent();
        AppendRowKey(writer, table, row);
        var rowKey = ByteString.CopyFrom(ScratchBytes.Return(writer));
        return Mutation(table, op, rowKey, row, null);
    }

    private static RowMutation Mutation(TableSchema table, MutationOp op, ByteString rowKey, ReadOnlySpan<ObObj> row, IEnumerable<int>? columns)
    {
        var mutation = new RowMutation { TableId = table.TableId, Rowkey = rowKey, Op = op };
        if (op is MutationOp.MutDelete or MutationOp.MutLock)
            return mutation;
        var writer = ScratchBytes.Rent();
        if (columns is null)
        {
            for (var i = 0; i < table.Columns.Count; i++)
                AppendCell(writer, table, row, i);
        }
        else
        {
            foreach (var i in columns)
                AppendCell(writer, table, row, i);
        }
        mutation.Cells = ByteString.CopyFrom(ScratchBytes.Return(writer));
        return mutation;
    }

    private static void AppendRowKey(ArrayBufferWriter<byte> writer, TableSchema table, ReadOnlySpan<ObObj> row)
    {
        var key = table.RowKeyColumns;
        for (var i = 0; i < key.Count; i++)
            RowKeyCodec.Append(writer, row[key[i]], table.Columns[key[i]].Collation);
    }

    private static void AppendCell(ArrayBufferWriter<byte> writer, TableSchema table, ReadOnlySpan<ObObj> row, int column)
    {
        CellCodec.WriteVarUInt(writer, (ulong)table.Columns[column].Id);
        CellCodec.Write(writer, row[column]);
    }
}
