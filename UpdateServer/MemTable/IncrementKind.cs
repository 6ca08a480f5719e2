namespace OceanClassic.UpdateServer.MemTable;

// What one committed mutation did to a row. The values match the state byte of the
// ScanIncrementResponse rows block (0 update, 1 replace, 2 deleted).
public enum IncrementKind : byte
{
    Update = 0,   // sparse: only these cells changed
    Replace = 1,  // the row became exactly these cells
    Delete = 2,
}
