using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// Collation and character-set names of SQL text (COLLATE clauses, column and table options) to the
// collations this server implements. Text is stored as utf8mb4, so a name MariaDB knows but this
// server does not implement maps by kind: a case-insensitive one (…_ci) compares as
// utf8mb4_general_ci, a binary one (…_bin) as utf8mb4_bin — dumps and ORMs that name
// utf8mb4_unicode_ci keep working, documented in the README. Anything else is 1273.
public static class CollationNames
{
    public static Collation Find(string name)
    {
        if (Collation.TryFind(name, out var exact))
            return exact;
        var lower = name.ToLowerInvariant();
        if (lower.Contains('_', StringComparison.Ordinal) && IsCharacterSet(lower[..lower.IndexOf('_', StringComparison.Ordinal)]))
        {
            if (lower.EndsWith("_ci", StringComparison.Ordinal))
                return Collation.Utf8mb4GeneralCi;
            if (lower.EndsWith("_bin", StringComparison.Ordinal))
                return Collation.Utf8mb4Bin;
        }
        throw SqlError.FromCode(ErrorCodes.UnknownCollation, $"Unknown collation: '{name}'");
    }

    // `x COLLATE name` on a string: text values are utf8mb4, so only a utf8mb4 collation applies (1253).
    public static Collation ForText(string name)
    {
        var collation = Find(name);
        if (!name.StartsWith("utf8mb4_", StringComparison.OrdinalIgnoreCase))
            SqlError.Throw(ErrorCodes.CollationCharsetMismatch, $"COLLATION '{name}' is not valid for CHARACTER SET 'utf8mb4'");
        return collation;
    }

    // The collation a text column gets: its COLLATE, else its CHARACTER SET's default, else the table's
    // (CHARACTER SET binary makes it a byte string, as MariaDB does).
    public static CollationId ForColumn(string? collation, string? characterSet, CollationId tableDefault)
    {
        if (collation is not null)
            return Find(collation).Id;
        if (characterSet is not null)
            return CharacterSetDefault(characterSet).Id;
        return tableDefault;
    }

    // The table's default collation from its options: COLLATE, else CHARACTER SET's default.
    public static CollationId ForTable(IEnumerable<TableOption> options)
    {
        string? collation = null, characterSet = null;
        foreach (var o in options)
        {
            if (o.Name == "COLLATE")
                collation = o.Value;
            else if (o.Name == "CHARACTER SET")
                characterSet = o.Value;
        }
        return ForColumn(collation, characterSet, CollationId.Utf8mb4GeneralCi);
    }

    private static Collation CharacterSetDefault(string characterSet)
    {
        if (Collation.DefaultOf(characterSet) is { } collation)
            return collation;
        if (IsCharacterSet(characterSet.ToLowerInvariant()))
            return Collation.Utf8mb4GeneralCi;
        throw SqlError.FromCode(ErrorCodes.UnknownCharacterSet, $"Unknown character set: '{characterSet}'");
    }

    // Character sets MariaDB 10.11 has (their text is kept as utf8mb4 here).
    private static bool IsCharacterSet(string name) => name is "utf8mb4" or "utf8mb3" or "utf8" or "latin1" or "ascii"
        or "utf16" or "utf16le" or "utf32" or "ucs2" or "latin2" or "cp1250" or "cp1251" or "cp1252" or "gbk" or "big5"
        or "sjis" or "ujis" or "euckr" or "gb2312" or "koi8r" or "greek" or "hebrew" or "swe7" or "dec8" or "cp850";
}
