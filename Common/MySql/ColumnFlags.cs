namespace OceanClassic.Common.MySql;

// https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__column__definition__flags.html
[Flags]
public enum ColumnFlags : ushort
{
    None = 0,
    NotNull = 0x1,
    PrimaryKey = 0x2,
    UniqueKey = 0x4,
    MultipleKey = 0x8,
    Blob = 0x10,
    Unsigned = 0x20,
    ZeroFill = 0x40,
    Binary = 0x80,
    Enum = 0x100,
    AutoIncrement = 0x200,
    Timestamp = 0x400,
    Set = 0x800,
    Number = 0x8000,
}
