namespace OceanClassic.MergeServer.MySql;

// Who a connection is. Disconnect closes the connection from elsewhere (KILL CONNECTION); null when the
// connection cannot be closed that way (tests without a socket). LocalInfile reads a client's file for
// LOAD DATA LOCAL INFILE (null: no client to ask).
public sealed record SessionInfo(uint ConnectionId, string User, string? Database, string ClientAddress, Action? Disconnect = null,
    ILocalInfileSource? LocalInfile = null);
