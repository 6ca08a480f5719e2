namespace OceanClassic.MergeServer.MySql;

// LOAD DATA LOCAL INFILE: the client's side of the file. The server sends the LOCAL INFILE request
// (0xFB + file name) in the middle of the statement and the client answers with the file's bytes in
// packets up to an empty one (an empty file, or one the client could not read: the client reports that
// error itself). Null when the client did not allow it (CLIENT_LOCAL_FILES not set: mysql
// --local-infile=0), which MariaDB answers with 4166.
public interface ILocalInfileSource
{
    ValueTask<byte[]?> ReadLocalFileAsync(string fileName, CancellationToken ct);
}
