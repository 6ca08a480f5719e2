using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// Values the binder folds into literals: they depend on the session, not on any row.
public interface ISessionFunctions
{
    string? CurrentDatabase { get; }

    string ServerVersion { get; }

    string UserAtHost { get; }

    uint ConnectionId { get; }

    ulong LastInsertId { get; }

    long RowCount { get; }

    ulong FoundRows { get; }

    ObObj GetSystemVariable(VariableScope scope, string name);

    ObObj GetUserVariable(string name);
}
