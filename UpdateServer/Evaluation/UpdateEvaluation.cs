using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using OceanClassic.Common.Buffers;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Evaluation;

// The write part of an evaluated UPDATE (ApplyRequest.update), as the MergeServer's UpdateExecutor would
// build it from the row it read: the row's current cells as the table's columns (a cell the row lacks is
// NULL, as a Replace row reads), each assignment evaluated over the row left to right (each sees the
// earlier ones) and stored only as the MergeServer would store it — a constant it already converted, or an
// integer inside the column's range; anything else (an arithmetic error, an out-of-range or NULL value the
// column refuses, a bad expression) is refused with 6104 and the MergeServer runs the statement itself,
// which gives MySQL's error. Changed cells are decided as StoredValueEquality decides them; a row none of
// whose cells changed writes nothing (MySQL's affected rows = changed rows). The mutations: the base row's
// changed cells (MUT_UPDATE), then the old index row of every index whose columns changed (MUT_DELETE),
// then its new one (MUT_REPLACE, with unique_key for a UNIQUE index whose values hold no NULL), the order
// IndexWrites.Updated gives them. A DELETE (delete_row, no assignments): the base row (MUT_DELETE), then the
// row of every index (MUT_DELETE, keyed from the row's cells), the order DeleteExecutor gives them.
public static class UpdateEvaluation
{
    // The request that writes the row's changes, or null when no cell changed.
    public static ApplyRequest? Mutations(EvaluatedUpdate update, ReadOnlySpan<ColumnCell> cells)
    {
        var ids = update.ColumnIds;
        var row = new ObObj[ids.Count];
        Array.Fill(row, ObObj.Null);
        foreach (var cell in cells)
        {
            var at = ids.IndexOf((uint)cell.ColumnId);
            if (at >= 0 && !cell.Value.IsMarker)
                row[at] = cell.Value;
        }
        if (update.DeleteRow)
            return Deletion(update, row);
        var old = (ObObj[])row.Clone();
        var changed = new bool[row.Length];
        var eval = EvalContext.AtNow();
        foreach (var assignment in update.Assignments)
        {
            var column = (int)assignment.Column;
            if (column >= row.Length)
                ThrowNotEvaluated($"assignment to column position {column} of {row.Length}");
            row[column] = Store(assignment, Evaluate(assignment.Value.Span, row, eval));
            changed[column] = !StoredValueEquality.Same(row[column], old[column]);
        }
        if (Array.IndexOf(changed, true) < 0)
            return null;

        var request = new ApplyRequest();
        var writer = ScratchBytes.Rent();
        for (var c = 0; c < row.Length; c++)
        {
            if (changed[c])
            {
                CellCodec.WriteVarUInt(writer, ids[c]);
                CellCodec.Write(writer, row[c]);
            }
        }
        request.Mutations.Add(new RowMutation
        {
            TableId = update.TableId,
            Rowkey = update.Rowkey,
            Op = MutationOp.MutUpdate,
            Cells = ByteString.CopyFrom(ScratchBytes.Return(writer)),
        });
        foreach (var index in update.Indexes)
        {
            if (Touches(index, changed))
                request.Mutations.Add(new RowMutation { TableId = index.TableId, Rowkey = ByteString.CopyFrom(IndexKey(index, old, index.BaseColumns.Count)), Op = MutationOp.MutDelete });
        }
        foreach (var index in update.Indexes)
        {
            if (Touches(index, changed))
                request.Mutations.Add(IndexRow(index, row));
        }
        return request;
    }

    private static ApplyRequest Deletion(EvaluatedUpdate update, ObObj[] row)
    {
        if (update.Assignments.Count > 0)
            ThrowNotEvaluated("a delete with assignments");
        var request = new ApplyRequest();
        request.Mutations.Add(new RowMutation { TableId = update.TableId, Rowkey = update.Rowkey, Op = MutationOp.MutDelete });
        foreach (var index in update.Indexes)
        {
            foreach (var c in index.BaseColumns)
            {
                if (c >= row.Length)
                    ThrowNotEvaluated($"index column position {c} of {row.Length}");
            }
            request.Mutations.Add(new RowMutation { TableId = index.TableId, Rowkey = ByteString.CopyFrom(IndexKey(index, row, index.BaseColumns.Count)), Op = MutationOp.MutDelete });
        }
        return request;
    }

    private static bool Touches(IndexUpkeep index, bool[] changed)
    {
        foreach (var c in index.BaseColumns)
        {
            if (c >= changed.Length)
                ThrowNotEvaluated($"index column position {c} of {changed.Length}");
            if (changed[c])
                return true;
        }
        return false;
    }

    private static RowMutation IndexRow(IndexUpkeep index, ObObj[] row)
    {
        var writer = ScratchBytes.Rent();
        for (var j = 0; j < index.BaseColumns.Count; j++)
        {
            CellCodec.WriteVarUInt(writer, index.IndexColumnIds[j]);
            CellCodec.Write(writer, row[index.BaseColumns[j]]);
        }
        var mutation = new RowMutation
        {
            TableId = index.TableId,
            Rowkey = ByteString.CopyFrom(IndexKey(index, row, index.BaseColumns.Count)),
            Op = MutationOp.MutReplace,
            Cells = ByteString.CopyFrom(ScratchBytes.Return(writer)),
        };
        if (index.Unique && !HasNull(index, row))
            mutation.UniqueKey = ByteString.CopyFrom(IndexKey(index, row, (int)index.ValueCount));
        return mutation;
    }

    // The index-table key of the row's first `count` index-table columns (all: the index row's key; the
    // index values: a UNIQUE index's value prefix).
    private static byte[] IndexKey(IndexUpkeep index, ObObj[] row, int count)
    {
        if (index.IndexColumnIds.Count != index.BaseColumns.Count || index.Collations.Count != index.BaseColumns.Count || count > index.BaseColumns.Count)
            ThrowNotEvaluated("an index layout whose lists differ in length");
        var writer = ScratchBytes.Rent();
        for (var j = 0; j < count; j++)
            RowKeyCodec.Append(writer, row[index.BaseColumns[j]], (CollationId)index.Collations[j]);
        return ScratchBytes.ToArrayAndReturn(writer);
    }

    private static bool HasNull(IndexUpkeep index, ObObj[] row)
    {
        for (var j = 0; j < index.ValueCount && j < index.BaseColumns.Count; j++)
        {
            if (row[index.BaseColumns[j]].IsNull)
                return true;
        }
        return false;
    }

    private static ObObj Evaluate(ReadOnlySpan<byte> expression, ObObj[] row, EvalContext eval)
    {
        try
        {
            return ExprEvaluator.Evaluate(ExprSerializer.Read(expression), row, eval);
        }
        catch (Exception e) when (e is ExprException or FormatException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            ThrowNotEvaluated(e.Message);
            return default;
        }
    }

    private static ObObj Store(UpdateAssignment assignment, ObObj value)
    {
        if (value.IsNull)
        {
            if (!assignment.Nullable)
                ThrowNotEvaluated("NULL into a NOT NULL column");
            return value;
        }
        switch (assignment.Store)
        {
            case AssignmentStore.StoreAsIs:
                return value;
            case AssignmentStore.StoreSignedInt:
                if (value.Type != ObType.Int || value.Int < assignment.Min || value.Int > assignment.Max)
                    ThrowNotEvaluated("a value outside the integer column's range");
                return value;
            default:
                ThrowNotEvaluated($"unknown store rule {assignment.Store}");
                return default;
        }
    }

    [DoesNotReturn]
    public static void ThrowNotEvaluated(string why) =>
        throw new RpcException(WireErrorCodes.UpdateNotEvaluated, $"update not evaluated here: {why}");
}
