using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

// A statement parsed once by COM_STMT_PREPARE (or SQL PREPARE); each execute binds its `?`s and runs the
// same AST (statements are immutable records, so executions never see each other's values). Plan is
// what the planner keeps of it between executions.
public sealed record PreparedStatement(Statement Statement, int ParameterCount, IReadOnlyList<ResultColumn> Columns) : IPreparedStatement
{
    public PreparedPlanSlot Plan { get; } = new(ParameterCount);
}

// What the planner keeps of one prepared statement between its executions (Planning/Prepared fills it
// and decides when it still fits; to the session it is opaque, as the session does not plan).
public sealed class PreparedPlanSlot(int parameterCount)
{
    public int ParameterCount { get; } = parameterCount;

    public object? Kept { get; set; }
}
