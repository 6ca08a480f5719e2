using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Transactions;

// What an open transaction has done to one row so far, folded into one increment.
public readonly record struct PendingRow(IncrementKind Kind, ColumnCell[] Cells)
{
    // `later` applied after this one (as MemTableRow.Fold would fold them).
    public PendingRow Then(IncrementKind kind, ColumnCell[] cells) => kind switch
    {
        IncrementKind.Update when Kind == IncrementKind.Delete => new PendingRow(IncrementKind.Replace, cells),
        IncrementKind.Update => new PendingRow(Kind, ColumnCells.Overlay(Cells, cells)),
        _ => new PendingRow(kind, kind == IncrementKind.Delete ? [] : cells),
    };

    // This pending change seen on top of the committed state (null: no committed increment).
    public NetIncrement Over(NetIncrement? committed, ulong version)
    {
        if (Kind != IncrementKind.Update || committed is not { } c)
            return new NetIncrement(Kind, Kind == IncrementKind.Delete ? [] : Cells, version);
        return c.Kind == IncrementKind.Delete
            ? new NetIncrement(IncrementKind.Replace, Cells, version)
            : new NetIncrement(c.Kind, ColumnCells.Overlay(c.Cells, Cells), version);
    }

    // Whether the row exists after this change; an UPDATE is only sent for a row that exists.
    public bool Exists => Kind != IncrementKind.Delete;
}
