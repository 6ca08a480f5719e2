namespace OceanClassic.MergeServer.MySql;

// Who a connection is. Disconnect closes the connection from elsewhere (KILL CONNECTION); null when the
// connection cannot be closed that way (tests without a socket).
public sealed record SessionInfo(uint ConnectionId, string User, string? Database, string ClientAddress, Action? Disconnect = null);
