using System.Net;
using System.Net.Sockets;

namespace OceanClassic.Common.Rpc;

// Coalesces the RPC requests a socket thread sends while it handles one round of socket events. With
// inline socket I/O (RoleHost) a MergeServer's socket thread reads the queries of many MySQL sessions in
// one round and each sends its own UpdateServer or ChunkServer request: one send each, and the server
// woken for every one or two of them. Instead, the first request of a round to a connection only marks
// that connection, and the connection's frames of the whole round leave in one send when the round ends.
// The end of a round is seen through a "kick" socket (a loopback UDP socket sending to itself): the
// first deferral of a round sends it one byte; the byte is read in the socket thread's next round, whose
// receive completion flushes every marked connection. Every deferral is therefore followed by a flush:
// the kick byte is sent after the connection is marked, and the flush that its read runs takes every
// mark made before it. Only threads that completed a kick read defer (with io_threads = 1, the socket
// thread); every other thread (the thread pool, the group-commit thread) sends at once, as before.
public static class RpcSendRound
{
    [ThreadStatic]
    private static bool t_socketThread;

    private static readonly Lock Gate = new();
    private static readonly Lock FlushGate = new();
    private static List<RpcSendQueue> s_marked = [];
    private static List<RpcSendQueue> s_flushing = [];
    private static bool s_kicked;
    private static Socket? s_kick;

    // Called once by a role whose socket completions run inline (RoleHost); false when no kick socket
    // could be made (the role then sends every request at once).
    public static bool Enable()
    {
        lock (Gate)
        {
            if (s_kick is not null)
            {
                return true;
            }
            Socket? kick = null;
            try
            {
                kick = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                kick.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                kick.Connect(kick.LocalEndPoint!);
            }
            catch (SocketException)
            {
                kick?.Dispose();
                return false;
            }
            s_kick = kick;
            s_kicked = true;
        }
        _ = ReadKicksAsync();
        // The first read marks the socket thread: until then nothing defers.
        Kick();
        return true;
    }

    // Called under the queue's lock. True when the queue's frames will be sent by the flush at the end of
    // this thread's round; then `kick` says the caller must call Kick once it released the queue's lock.
    internal static bool TryDefer(RpcSendQueue queue, out bool kick)
    {
        kick = false;
        if (!t_socketThread)
        {
            return false;
        }
        lock (Gate)
        {
            s_marked.Add(queue);
            kick = !s_kicked;
            s_kicked = true;
        }
        return true;
    }

    // Tests: makes the calling thread defer as a socket thread does (RpcSendRoundTests).
    internal static void SetSocketThreadForTests(bool value) => t_socketThread = value;

    // Ends the round: its flush runs when this byte is read. Never under a queue's lock.
    internal static void Kick()
    {
        try
        {
            s_kick!.Send(KickByte, SocketFlags.None);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cannot happen on loopback short of the process ending; never leave a mark unflushed.
            Flush();
        }
    }

    private static ReadOnlySpan<byte> KickByte => [1];

    private static async Task ReadKicksAsync()
    {
        var buffer = new byte[64];
        while (true)
        {
            try
            {
                await s_kick!.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                Flush();
                return;
            }
            t_socketThread = true;
            Flush();
        }
    }

    // Sends every marked queue's frames. One flush at a time: the lists swap under FlushGate.
    private static void Flush()
    {
        lock (FlushGate)
        {
            List<RpcSendQueue> flushing;
            lock (Gate)
            {
                s_kicked = false;
                if (s_marked.Count == 0)
                {
                    return;
                }
                flushing = s_marked;
                s_marked = s_flushing;
                s_flushing = flushing;
            }
            foreach (var queue in flushing)
            {
                queue.FlushDeferred();
            }
            flushing.Clear();
        }
    }
}
