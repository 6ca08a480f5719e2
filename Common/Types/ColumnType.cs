namespace OceanClassic.Common.Types;

// Column types of DESIGN §2; each maps onto one ObType for storage.
public enum ColumnType : byte
{
    TinyInt = 1,
    SmallInt = 2,
    MediumInt = 3,
    Int = 4,
    BigInt = 5,
    Decimal = 6,
    Float = 7,
    Double = 8,
    Char = 9,
    VarChar = 10,
    Text = 11,
    Date = 12,
    DateTime = 13,
    Timestamp = 14,
    Bool = 15,
    Binary = 16,
    VarBinary = 17,
    Blob = 18,
}
