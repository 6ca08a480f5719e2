namespace OceanClassic.MergeServer.MySql;

// What COM_STMT_PREPARE tells the client: how many `?` the statement takes and, for a query, its
// columns (empty when the statement returns no rows or its columns are only known when it runs).
public interface IPreparedStatement
{
    int ParameterCount { get; }

    IReadOnlyList<ResultColumn> Columns { get; }
}
