namespace OceanClassic.MergeServer.MySql;

// Who a connection is. Disconnect closes the connection from elsewhere (KILL CONNECTION); null when the
// connection cannot be closed that way (tests without a socket). LocalInfile reads a client's file for
// LOAD DATA LOCAL INFILE (null: no client to ask). AccountHost is the host part of the account the
// login matched (CURRENT_USER()); TlsCipher and TlsVersion are set when the connection runs over TLS.
public sealed record SessionInfo(uint ConnectionId, string User, string? Database, string ClientAddress, Action? Disconnect = null,
    ILocalInfileSource? LocalInfile = null, string AccountHost = "%", string? TlsCipher = null, string? TlsVersion = null);
