namespace OceanClassic.MergeServer.MySql;

public sealed record SessionInfo(uint ConnectionId, string User, string? Database, string ClientAddress);
