using System.Buffers;
using System.IO.Pipelines;

namespace OceanClassic.Common.Rpc;

// The server's half of RpcHandshake, run on an accepted connection before its first frame is read.
// It reads at most the hello and the proof (68 bytes) from the peer: nothing else of what a stranger
// sends is looked at or kept, and a peer whose first four bytes are not the hello's magic (a bare
// frame) is refused at once, without an answer.
internal static class RpcServerHandshake
{
    // Null when the peer proved the secret (and was told so); otherwise why it was refused, or "" when
    // it closed (or the server asked the connection to close) before sending anything.
    public static async Task<string?> RunAsync(PipeReader input, PipeWriter output, RpcOptions options)
    {
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout);
        try
        {
            var magic = await ReadExactlyAsync(input, RpcHandshake.MagicSize, timeout.Token).ConfigureAwait(false);
            if (magic is null)
            {
                return "";
            }
            if (!RpcHandshake.StartsHello(magic))
            {
                return "it did not open with the RPC handshake (a peer without the cluster secret)";
            }
            var nonce = await ReadExactlyAsync(input, RpcHandshake.NonceSize, timeout.Token).ConfigureAwait(false);
            if (nonce is null || RpcHandshake.ReadHello([.. magic, .. nonce]) is not { } clientNonce)
            {
                return "it closed during the RPC handshake";
            }
            var serverNonce = RpcHandshake.NewNonce();
            await output.WriteAsync(RpcHandshake.Challenge(options.ClusterSecret, clientNonce, serverNonce), timeout.Token).ConfigureAwait(false);
            var proof = await ReadExactlyAsync(input, RpcHandshake.ProofSize, timeout.Token).ConfigureAwait(false);
            if (proof is null || !RpcHandshake.CheckClientProof(options.ClusterSecret, clientNonce, serverNonce, proof))
            {
                return "it failed cluster authentication (wrong cluster secret)";
            }
            await output.WriteAsync(new[] { RpcHandshake.Accepted }, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"no handshake within {options.HandshakeTimeout.TotalSeconds:0} s";
        }
    }

    // Exactly `count` bytes, consuming only those; null when the stream ends (or the read is canceled
    // by a closing server) first.
    private static async Task<byte[]?> ReadExactlyAsync(PipeReader input, int count, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                input.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }
}
