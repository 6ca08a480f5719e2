using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// Table options of CREATE / ALTER TABLE: ENGINE (recorded, shown as MariaDB spells it; every engine is
// OceanClassic's storage underneath), [DEFAULT] CHARSET / COLLATE (the default for text columns defined
// later), COMMENT (shown), AUTO_INCREMENT=n (the next id is at least n). Others are accepted and ignored.
public static class TableOptions
{
    private static readonly string[] KnownEngines = ["InnoDB", "MyISAM", "Aria", "MEMORY", "CSV", "ARCHIVE", "BLACKHOLE", "MRG_MyISAM", "SEQUENCE"];

    public static TableSchema Apply(TableSchema table, IEnumerable<TableOption> options, bool altering = false)
    {
        foreach (var o in options)
        {
            switch (o.Name.ToUpperInvariant())
            {
                case "ENGINE":
                case "TYPE":
                    table = table with { Engine = Engine(o.Value) };
                    break;
                case "COMMENT":
                    table = table with { Comment = o.Value.Length == 0 ? null : o.Value };
                    break;
                case "AUTO_INCREMENT":
                    if (ulong.TryParse(o.Value, out var start))
                        table = table with { AutoIncrementStart = start };
                    break;
                case "COLLATE":
                case "CHARACTER SET":
                    if (altering)
                        table = table with { DefaultCollation = CollationNames.ForTable([o]) };
                    break;
            }
        }
        return table;
    }

    private static string Engine(string name)
    {
        if (string.Equals(name, "OceanClassic", StringComparison.OrdinalIgnoreCase))
            return "InnoDB";
        foreach (var known in KnownEngines)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                return known;
        }
        throw SqlError.FromCode(ErrorCodes.UnknownStorageEngine, $"Unknown storage engine '{name}'");
    }
}
