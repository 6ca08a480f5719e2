namespace OceanClassic.Common.Types;

// The value kinds of 0.4's ObObj, plus the two markers sparse increments need.
public enum ObType : byte
{
    Null = 0,
    Int = 1,
    UInt = 2,
    Decimal = 3,
    Double = 4,
    String = 5,
    DateTime = 6,
    Date = 7,
    Bool = 8,
    // A binary string (BINARY, VARBINARY, BLOB, X'..' literals): raw bytes, compared byte by byte.
    Binary = 9,
    // A TIME value: signed microseconds (MySQL's range is ±838:59:59.999999), with the column's
    // fractional-second precision when it has one (it decides how many digits the value shows).
    Time = 10,
    // A cell an increment did not write: the baseline value stands.
    NotWritten = 0xFE,
    // The whole row was deleted by this increment.
    RowDeleted = 0xFF,
}
