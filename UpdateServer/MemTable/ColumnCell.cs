using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.MemTable;

public readonly record struct ColumnCell(int ColumnId, ObObj Value);
