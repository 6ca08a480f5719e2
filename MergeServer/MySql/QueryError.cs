namespace OceanClassic.MergeServer.MySql;

public sealed record QueryError(int Code, string SqlState, string Message);
