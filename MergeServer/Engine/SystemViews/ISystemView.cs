using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.SystemViews;

// A read-only table the MergeServer builds from cluster state; usable from any database and queried with
// the same operators as a real table (WHERE, ORDER BY, aggregates run at the MergeServer).
public interface ISystemView
{
    // Schema.Columns define the view's columns; Schema.Name is the name it is queried by.
    TableSchema Schema { get; }

    // The view's rows; filter says what the WHERE pins (a view may build only the rows it admits, or ignore it).
    ValueTask<IReadOnlyList<ObObj[]>> LoadAsync(StatementContext context, SystemViewFilter filter);
}
