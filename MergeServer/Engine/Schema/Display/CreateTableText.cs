using System.Text;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.MergeServer.Engine.Schema.Display;

// SHOW CREATE TABLE and DESCRIBE text exactly as MariaDB 10.11 prints it: types with MariaDB's display
// widths (int(11), bigint(20) unsigned), defaults unquoted for numbers and quoted otherwise,
// current_timestamp(n) defaults and ON UPDATE, COMMENTs, column CHECKs inline, the keys (IndexDisplay; not
// the hidden rowkey), the KEY a FOREIGN KEY adds, FOREIGN KEY and CHECK constraints, and the table options.
public static class CreateTableText
{
    // timestampOffset: the reader's zone, a TIMESTAMP default is shown in (TimestampDefaults).
    public static string Of(TableSchema t, TimeSpan timestampOffset)
    {
        var sb = new StringBuilder();
        sb.Append("CREATE TABLE `").Append(Quote(t.Name)).Append("` (\n");
        var lines = new List<string>();
        foreach (var c in t.VisibleColumns)
            lines.Add(ColumnLine(t, TimestampDefaults.InZone(c, timestampOffset)));
        lines.AddRange(IndexDisplay.CreateTableLines(t).Select(line => "  " + line));
        lines.AddRange(ForeignKeyIndexLines(t));
        foreach (var fk in t.ForeignKeys)
            lines.Add("  " + ForeignKeyText(t, fk));
        foreach (var check in t.Checks.Where(c => c.Column is null))
            lines.Add($"  CONSTRAINT `{Quote(check.Name)}` CHECK ({check.Expression})");
        sb.Append(string.Join(",\n", lines)).Append('\n');
        var tableCollation = Collation.Of(t.DefaultCollation);
        sb.Append(") ENGINE=").Append(t.Engine ?? "InnoDB");
        if (t.AutoIncrementStart > 1 && t.AutoIncrementColumn is not null)
            sb.Append(" AUTO_INCREMENT=").Append(t.AutoIncrementStart);
        sb.Append(" DEFAULT CHARSET=").Append(tableCollation.CharacterSet).Append(" COLLATE=").Append(tableCollation.Name);
        if (t.CompressMethod.Length > 0)
            sb.Append(" COMPRESSION='").Append(t.CompressMethod).Append('\'');
        if (t.Comment is { } comment)
            sb.Append(" COMMENT='").Append(comment.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
        return sb.ToString();
    }

    // The index a FOREIGN KEY adds when neither the primary key nor an index starts with its columns.
    public static IEnumerable<string> ForeignKeyIndexLines(TableSchema t) =>
        t.ForeignKeys.Where(fk => fk.IndexName is not null && !IndexCovers(t, fk))
            .Select(fk => $"  KEY `{Quote(fk.IndexName!)}` (" + string.Join(",", fk.Columns.Select(c => $"`{Quote(c)}`")) + ")");

    // Whether a secondary index starts with the FOREIGN KEY's columns (MariaDB then adds no index of its own).
    public static bool IndexCovers(TableSchema t, ForeignKey fk) =>
        t.Indexes.Any(i => i.Columns.Count >= fk.Columns.Count
            && fk.Columns.Select((c, n) => string.Equals(t.Columns[i.Columns[n]].Name, c, StringComparison.OrdinalIgnoreCase)).All(x => x));

    public static string ForeignKeyText(TableSchema t, ForeignKey fk)
    {
        var sb = new StringBuilder();
        sb.Append("CONSTRAINT `").Append(Quote(fk.Name)).Append("` FOREIGN KEY (")
            .AppendJoin(", ", fk.Columns.Select(c => $"`{Quote(c)}`")).Append(") REFERENCES `");
        if (!string.Equals(fk.RefDatabase, t.Database, StringComparison.OrdinalIgnoreCase))
            sb.Append(Quote(fk.RefDatabase)).Append("`.`");
        sb.Append(Quote(fk.RefTable)).Append("` (").AppendJoin(", ", fk.RefColumns.Select(c => $"`{Quote(c)}`")).Append(')');
        // RESTRICT is the default rule and is not shown.
        if (fk.OnDelete is { } onDelete and not "RESTRICT")
            sb.Append(" ON DELETE ").Append(onDelete);
        if (fk.OnUpdate is { } onUpdate and not "RESTRICT")
            sb.Append(" ON UPDATE ").Append(onUpdate);
        return sb.ToString();
    }

    private static string ColumnLine(TableSchema t, ColumnSchema c)
    {
        var sb = new StringBuilder("  `").Append(Quote(c.Name)).Append("` ").Append(TypeText(c));
        if (c.IsText && c.TextCollation != t.DefaultCollation)
        {
            var collation = Collation.Of(c.TextCollation);
            sb.Append(" CHARACTER SET ").Append(collation.CharacterSet).Append(" COLLATE ").Append(collation.Name);
        }
        if (!c.Nullable)
            sb.Append(" NOT NULL");
        else if (c.Type == ColumnType.Timestamp)
            sb.Append(" NULL");
        if (c.DefaultFunction is { } function)
            sb.Append(" DEFAULT ").Append(function);
        else if (c.Default is { } d)
            sb.Append(" DEFAULT ").Append(DefaultLiteral(c, d));
        else if (c.Nullable && !c.AutoIncrement)
            sb.Append(" DEFAULT NULL");
        if (c.OnUpdateCurrentTimestamp)
            sb.Append(" ON UPDATE ").Append(NowText(c.FractionalDigits));
        if (c.AutoIncrement)
            sb.Append(" AUTO_INCREMENT");
        if (c.Comment is { } comment)
            sb.Append(" COMMENT '").Append(comment.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
        foreach (var check in t.Checks.Where(k => string.Equals(k.Column, c.Name, StringComparison.OrdinalIgnoreCase)))
            sb.Append(" CHECK (").Append(check.Expression).Append(')');
        return sb.ToString();
    }

    public static string NowText(int digits) => digits == 0 ? "current_timestamp()" : $"current_timestamp({digits})";

    private static string DefaultLiteral(ColumnSchema c, ObObj d)
    {
        var text = ValueText(c, d) ?? "";
        return c.StorageType is ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double or ObType.Bool
            ? text
            : "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    // DESCRIBE's Default column.
    public static string? DefaultText(ColumnSchema c) => c.DefaultFunction ?? (c.Default is { } d ? ValueText(c, d) : null);

    // A default value's text: a FLOAT(M,D) / DOUBLE(M,D) one with its D decimals (DEFAULT 1.500).
    public static string? ValueText(ColumnSchema c, ObObj d) =>
        c is { Type: ColumnType.Float or ColumnType.Double, Precision: > 0 } && d.Type == ObType.Double && double.IsFinite(d.Double)
            ? d.Double.ToString("F" + c.Scale, System.Globalization.CultureInfo.InvariantCulture)
            : d.ToText();

    // DESCRIBE's Extra column.
    public static string ExtraText(ColumnSchema c) =>
        c.AutoIncrement ? "auto_increment" : c.OnUpdateCurrentTimestamp ? "on update " + NowText(c.FractionalDigits) : "";

    // The column type as MariaDB shows it (display widths of the integer types, fractional digits).
    // The type as MariaDB prints it (ColumnSchema.SqlTypeName, with display widths), plus DATETIME(n)'s digits.
    public static string TypeText(ColumnSchema c) => c.Type switch
    {
        ColumnType.DateTime or ColumnType.Timestamp when c.FractionalDigits > 0 => $"{c.SqlTypeName}({c.FractionalDigits})",
        _ => c.SqlTypeName,
    };

    private static string Quote(string name) => name.Replace("`", "``", StringComparison.Ordinal);
}
