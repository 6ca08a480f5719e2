namespace OceanClassic.Common.Types;

// A secondary or UNIQUE index of a table. Columns are positions in the base table's Columns, in key
// order. IndexTableId names the hidden table that holds the index rows (IndexTables.cs gives its
// layout). Only a Ready index is complete; a Building one is maintained by every writer while a
// backfill fills it, and no reader may use it yet.
public sealed record IndexSchema(string Name, ulong IndexTableId, IReadOnlyList<int> Columns, bool Unique, IndexPhase Phase)
{
    public bool IsReady => Phase == IndexPhase.Ready;
}

// Mirrors rootserver.proto's IndexState.
public enum IndexPhase
{
    Building = 0,
    Ready = 1,
}
