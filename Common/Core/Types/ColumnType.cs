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
    // ENUM and SET store their member text (SET members in declared order, comma-separated); the
    // members are ColumnSchema.Members. Reads tag the text with its index / bit mask (ColumnTypeFunctions).
    Enum = 19,
    Set = 20,
    // TIME(fsp): ObType.Time; Precision is the fsp.
    Time = 21,
    // YEAR: an integer 1901..2155 or 0, shown with 4 digits.
    Year = 22,
    // BIT(n): an unsigned integer of n bits (Length), read as ceil(n/8) big-endian bytes.
    Bit = 23,
}
