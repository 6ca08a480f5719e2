using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.CommitLog;

// A mutation as the log records it: already resolved (an INSERT is logged as a Replace).
public sealed record LoggedMutation(ulong TableId, byte[] RowKey, IncrementKind Kind, ColumnCell[] Cells);

public readonly record struct AutoIncMark(ulong TableId, ulong HighWater);
