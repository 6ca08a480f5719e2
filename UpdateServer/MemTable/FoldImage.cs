namespace OceanClassic.UpdateServer.MemTable;

// A row's increments folded into one, stored on an Update increment so no read walks a long chain:
// a row updated n times would otherwise cost every read n decodes and overlays (sysbench's hot rows,
// updated thousands of times, made the UPS's reads 14x dearer after an update run). The writer
// stores one when an Update would leave more than MaxFoldDepth increments to walk, so a fold reads
// at most that many whatever the number of writes.
// Kind and Cells are what MemTableRow.Fold would return for the whole chain from this increment down
// (Replace or Update; never Delete, as only an Update carries an image). Folded over a baseline at a
// min version this also holds increments at or below it: the baseline already holds those, so the
// fused row is the same (a release keeps the image for the same reason).
public sealed class FoldImage(IncrementKind kind, CellBlock cells)
{
    // Increments a fold reads at most from any visible increment (one carrying an image counts one).
    public const int MaxFoldDepth = 8;

    public IncrementKind Kind { get; } = kind;

    public CellBlock Cells { get; } = cells;
}
