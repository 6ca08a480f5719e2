using OceanClassic.Common.MySql;

namespace OceanClassic.MergeServer.MySql;

public sealed record ResultColumn(
    string Name,
    MySqlColumnType Type,
    string Table = "",
    string Database = "",
    uint Length = 0,
    byte Decimals = 0,
    bool Unsigned = false,
    bool NotNull = false);
