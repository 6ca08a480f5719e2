using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Service;

// An ApplyRequest decoded, resolved (INSERT becomes Replace) and encoded as a log entry before
// the apply lock is taken, so the critical section only checks, stamps and links.
public sealed class PreparedTransaction
{
    private PreparedTransaction(List<LoggedMutation> mutations, bool[] isInsert, List<AutoIncMark> autoInc, byte[] entry)
    {
        Mutations = mutations;
        IsInsert = isInsert;
        AutoInc = autoInc;
        Entry = entry;
    }

    public IReadOnlyList<LoggedMutation> Mutations { get; }
    public IReadOnlyList<bool> IsInsert { get; }
    public IReadOnlyList<AutoIncMark> AutoInc { get; }
    public byte[] Entry { get; }

    public static PreparedTransaction From(ApplyRequest request)
    {
        var mutations = new List<LoggedMutation>(request.Mutations.Count);
        var isInsert = new bool[request.Mutations.Count];
        var cells = new List<ColumnCell>();
        for (var i = 0; i < request.Mutations.Count; i++)
        {
            var m = request.Mutations[i];
            var kind = m.Op switch
            {
                MutationOp.MutInsert or MutationOp.MutReplace => IncrementKind.Replace,
                MutationOp.MutUpdate => IncrementKind.Update,
                MutationOp.MutDelete => IncrementKind.Delete,
                _ => throw new RpcException(RpcErrorCodes.ProtocolError, $"unknown mutation op {m.Op}"),
            };
            isInsert[i] = m.Op == MutationOp.MutInsert;
            cells.Clear();
            if (kind != IncrementKind.Delete)
                DecodeCells(m.Cells.Span, cells);
            mutations.Add(new LoggedMutation(m.TableId, m.Rowkey.ToByteArray(), kind, ColumnCells.Normalize(cells)));
        }
        var marks = request.AutoInc.Select(a => new AutoIncMark(a.TableId, a.Value)).ToList();
        var entry = new CommitLogPayload(mutations, marks).EncodeWithHeaderSpace();
        return new PreparedTransaction(mutations, isInsert, marks, entry);
    }

    private static void DecodeCells(ReadOnlySpan<byte> block, List<ColumnCell> cells)
    {
        var pos = 0;
        try
        {
            while (pos < block.Length)
            {
                var id = checked((int)CellCodec.ReadVarUInt(block, ref pos));
                cells.Add(new ColumnCell(id, CellCodec.Read(block, ref pos)));
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new RpcException(RpcErrorCodes.ProtocolError, $"bad cells in mutation at offset {pos}: {ex.Message}");
        }
    }
}
