using System.Security.Cryptography;

namespace OceanClassic.Common.Rpc;

// The mutual challenge-response that opens every RPC connection (TCP and Unix socket) before any
// frame: both sides prove they hold the cluster secret (cluster_secret / cluster_secret_file) without
// sending it, each over both sides' fresh nonces, so no proof can be replayed on another connection.
//   client -> server  hello:     magic "OCA1", client nonce (32 bytes)
//   server -> client  challenge: magic, server nonce (32), HMAC-SHA256(secret, "server" | cn | sn)
//   client -> server  proof:     HMAC-SHA256(secret, "client" | cn | sn)
//   server -> client  accepted:  one byte 1
// The server sends nothing to a peer whose first bytes are not a hello (a bare frame from a stranger
// gets no answer) and reads nothing past the handshake until the proof checks out. The labels keep a
// server's answer from serving as a client's proof. Without a configured secret the key is empty:
// only roles on loopback addresses may run so (RoleHost refuses to start otherwise).
public static class RpcHandshake
{
    public const int NonceSize = 32;
    public const int ProofSize = 32;
    public const int HelloSize = 4 + NonceSize;
    public const int ChallengeSize = 4 + NonceSize + ProofSize;
    public const byte Accepted = 1;

    private static ReadOnlySpan<byte> Magic => "OCA1"u8;
    private static ReadOnlySpan<byte> ServerLabel => "oceanclassic-rpc-server"u8;
    private static ReadOnlySpan<byte> ClientLabel => "oceanclassic-rpc-client"u8;

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    public const int MagicSize = 4;

    public static byte[] Hello(ReadOnlySpan<byte> clientNonce) => [.. Magic, .. clientNonce];

    // Whether a connection's first bytes open a hello: a server refuses anything else at once.
    public static bool StartsHello(ReadOnlySpan<byte> first) => first.Length == MagicSize && first.SequenceEqual(Magic);

    // The client nonce of a hello, or null when the bytes are not one (a stranger's frame).
    public static byte[]? ReadHello(ReadOnlySpan<byte> hello) =>
        hello.Length == HelloSize && hello[..4].SequenceEqual(Magic) ? hello[4..].ToArray() : null;

    public static byte[] Challenge(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce) =>
        [.. Magic, .. serverNonce, .. Proof(secret, ServerLabel, clientNonce, serverNonce)];

    // The server nonce of a challenge whose proof shows the server holds the secret, else null.
    public static byte[]? CheckChallenge(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> challenge)
    {
        if (challenge.Length != ChallengeSize || !challenge[..4].SequenceEqual(Magic))
            return null;
        var serverNonce = challenge.Slice(4, NonceSize);
        var expected = Proof(secret, ServerLabel, clientNonce, serverNonce);
        return CryptographicOperations.FixedTimeEquals(expected, challenge[(4 + NonceSize)..]) ? serverNonce.ToArray() : null;
    }

    public static byte[] ClientProof(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce) =>
        Proof(secret, ClientLabel, clientNonce, serverNonce);

    public static bool CheckClientProof(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> proof) =>
        proof.Length == ProofSize && CryptographicOperations.FixedTimeEquals(ClientProof(secret, clientNonce, serverNonce), proof);

    private static byte[] Proof(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce) =>
        HMACSHA256.HashData(secret, [.. label, .. clientNonce, .. serverNonce]);
}
