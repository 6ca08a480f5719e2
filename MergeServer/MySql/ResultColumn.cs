using OceanClassic.Common.MySql;

namespace OceanClassic.MergeServer.MySql;

// One result-set column as the engine describes it; Binary marks a binary string (charset binary), BinaryCollation
// text MariaDB gives utf8mb4_bin (the JSON functions': a CREATE TABLE ... SELECT column declares it).
public sealed record ResultColumn(
    string Name,
    MySqlColumnType Type,
    string Table = "",
    string Database = "",
    uint Length = 0,
    byte Decimals = 0,
    bool Unsigned = false,
    bool NotNull = false,
    bool Binary = false,
    ColumnFlags Flags = ColumnFlags.None,
    bool BinaryCollation = false);
