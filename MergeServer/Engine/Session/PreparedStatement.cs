using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Session;

// A statement parsed once by COM_STMT_PREPARE; each execute binds its `?`s and runs the same AST
// (statements are immutable records, so executions never see each other's values).
public sealed record PreparedStatement(Statement Statement, int ParameterCount, IReadOnlyList<ResultColumn> Columns) : IPreparedStatement;
