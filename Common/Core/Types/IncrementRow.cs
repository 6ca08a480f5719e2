
namespace OceanClassic.Common.Types;

// What the UpdateServer's MemTable holds for one row beyond the baseline, net of all versions
// up to the read version (wire values of the ScanIncrementResponse state byte).
public enum IncrementState : byte
{
    Update = 0,   // the cells apply over the baseline row
    Replace = 1,  // the row is exactly these cells
    Deleted = 2,
}

public readonly record struct IncrementCell(int ColumnId, ObObj Value);

public sealed record IncrementRow(byte[] RowKey, IncrementState State, IReadOnlyList<IncrementCell> Cells);
