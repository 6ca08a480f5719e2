using System.Net.Sockets;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// Either half of RpcHandshake on a raw socket, for tests that play a server or a misbehaving client
// byte by byte after the connection is authenticated.
public static class RawRpcPeer
{
    public static async Task HandshakeAsClientAsync(Socket socket, byte[]? secret = null)
    {
        secret ??= [];
        var clientNonce = RpcHandshake.NewNonce();
        await socket.SendAsync(RpcHandshake.Hello(clientNonce));
        var challenge = await ReceiveAsync(socket, RpcHandshake.ChallengeSize);
        var serverNonce = RpcHandshake.CheckChallenge(secret, clientNonce, challenge) ?? throw new InvalidOperationException("the server did not prove the secret");
        await socket.SendAsync(RpcHandshake.ClientProof(secret, clientNonce, serverNonce));
        if ((await ReceiveAsync(socket, 1))[0] != RpcHandshake.Accepted)
            throw new InvalidOperationException("the server refused the proof");
    }

    public static async Task HandshakeAsServerAsync(Socket socket, byte[]? secret = null)
    {
        secret ??= [];
        var clientNonce = RpcHandshake.ReadHello(await ReceiveAsync(socket, RpcHandshake.HelloSize)) ?? throw new InvalidOperationException("no hello");
        var serverNonce = RpcHandshake.NewNonce();
        await socket.SendAsync(RpcHandshake.Challenge(secret, clientNonce, serverNonce));
        var proof = await ReceiveAsync(socket, RpcHandshake.ProofSize);
        if (!RpcHandshake.CheckClientProof(secret, clientNonce, serverNonce, proof))
            throw new InvalidOperationException("wrong client proof");
        await socket.SendAsync(new[] { RpcHandshake.Accepted });
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0)
                throw new InvalidOperationException($"closed after {read} of {count} bytes");
            read += n;
        }
        return buffer;
    }
}
