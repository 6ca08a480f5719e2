namespace OceanClassic.MergeServer.MySql;

public readonly record struct PrepareResult(IPreparedStatement? Statement, QueryError? Error);
