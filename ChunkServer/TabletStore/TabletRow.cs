namespace OceanClassic.ChunkServer.TabletStore;

// One row of a scan: its encoded rowkey and the cells in the scan's column_ids order.
public sealed record TabletRow(byte[] RowKey, Common.Types.ObObj[] Cells);
