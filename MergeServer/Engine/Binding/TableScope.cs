using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// The columns of one table (or system view): a column reference binds to its index in the table's
// column list. Qualifiers must name the table (or its alias) and database. A name the table does not
// have is looked up in the enclosing query (outer), for a subquery.
public sealed class TableScope(TableSchema table, string? alias, IBindScope? outer = null) : IBindScope
{
    private readonly HashSet<int> _used = [];

    public TableSchema Table { get; } = table;

    // Every column index a bound expression read, so the scan fetches exactly those.
    public IReadOnlyCollection<int> UsedColumns => _used;

    public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause) => null;

    public BoundExpr BindColumn(ColumnRef column, string clause)
    {
        var index = TryResolve(column);
        if (index >= 0)
            return ColumnExpr(Table, index);
        return outer is not null ? outer.BindColumn(column, clause) : throw BindErrors.UnknownColumn(column, clause);
    }

    // A column read: a text column's strings carry its collation when that is not the default (BoundCollate).
    public static BoundExpr ColumnExpr(TableSchema table, int index) => ColumnExpr(table.Columns[index], index);

    // `column` read at row position `position`: ENUM, SET, BIT, YEAR and TIMESTAMP (stored UTC, read in the
    // session's zone) through their read functions (ColumnTypeFunctions), then under the column's collation.
    public static BoundExpr ColumnExpr(ColumnSchema column, int position)
    {
        BoundExpr read = new BoundColumn(position);
        read = column.Type switch
        {
            ColumnType.Enum => new BoundFunction("__ENUM", [read, .. Literals(column.Members)]),
            ColumnType.Set => new BoundFunction("__SET", [read, .. Literals(column.Members)]),
            ColumnType.Bit => new BoundFunction("__BIT", [read, new BoundLiteral(ObObj.FromInt(column.Length))]),
            ColumnType.Year => new BoundFunction("__YEAR", [read]),
            ColumnType.Timestamp => new BoundFunction("__TIMESTAMP", [read]),
            _ when column.JsonValidated => new BoundFunction("__JSON", [read]),
            _ => read,
        };
        return column is { IsText: true, Collation: var collation and not CollationId.Utf8mb4GeneralCi }
            ? new BoundCollate(read, collation, CollationDerivation.Implicit)
            : read;
    }

    private static IEnumerable<BoundExpr> Literals(IReadOnlyList<string>? members) =>
        (members ?? []).Select(m => (BoundExpr)new BoundLiteral(ObObj.FromString(m)));

    public int Resolve(ColumnRef column, string clause)
    {
        var index = TryResolve(column);
        return index >= 0 ? index : throw BindErrors.UnknownColumn(column, clause);
    }

    private int TryResolve(ColumnRef column)
    {
        if (column.Table is not null)
        {
            var matches = alias is not null
                ? string.Equals(column.Table, alias, StringComparison.OrdinalIgnoreCase) && column.Schema is null
                : string.Equals(column.Table, Table.Name, StringComparison.OrdinalIgnoreCase)
                  && (column.Schema is null || string.Equals(column.Schema, Table.Database, StringComparison.OrdinalIgnoreCase));
            if (!matches)
                return -1;
        }
        var index = Table.IndexOf(column.Column);
        if (index >= 0)
            _used.Add(index);
        return index;
    }

    public void MarkUsed(int index) => _used.Add(index);
}
