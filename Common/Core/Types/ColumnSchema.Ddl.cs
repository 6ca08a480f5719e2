namespace OceanClassic.Common.Types;

// What DDL records about a column beyond its type: FillValue is what rows written before the column
// was added (ALTER TABLE ADD COLUMN) read as; Retyped says MODIFY/CHANGE changed its type, so cells
// written earlier are cast at read; DEFAULT/ON UPDATE CURRENT_TIMESTAMP; the hidden rowkey of a table
// without a PRIMARY KEY; DATETIME(n)/TIMESTAMP(n) fractional digits.
public sealed partial record ColumnSchema
{
    public ObObj? FillValue { get; init; }

    public bool Retyped { get; init; }

    // "current_timestamp(3)" when the default is the statement's time (DEFAULT CURRENT_TIMESTAMP).
    public string? DefaultFunction { get; init; }

    public bool OnUpdateCurrentTimestamp { get; init; }

    public string? Comment { get; init; }

    public bool Hidden { get; init; }

    public int FractionalDigits { get; init; }

    public bool IsTemporal => Type is ColumnType.DateTime or ColumnType.Timestamp;
}
