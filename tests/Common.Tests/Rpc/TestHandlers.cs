using Google.Protobuf;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// Packet codes and handlers the RPC tests run against.
public sealed class TestHandlers
{
    public const uint Echo = 1;
    public const uint Crash = 2;
    public const uint Hang = 3;
    public const uint WhoAmI = 4;
    public const uint MissingFile = 5;
    public const uint DamagedFile = 6;
    public const uint NotRegistered = 99;

    private int _echoCalls;
    private readonly TaskCompletionSource _hangStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _hangCanceled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestHandlers()
    {
        Registry.Register<EchoRequest, EchoResponse>(Echo, EchoRequest.Parser, (request, context) =>
        {
            Interlocked.Increment(ref _echoCalls);
            return EchoAsync(request, context);
        });
        Registry.Register<EchoRequest, EchoResponse>(Crash, EchoRequest.Parser, (_, _) => throw new InvalidOperationException("boom"));
        Registry.Register(Hang, EchoRequest.Parser, HangAsync);
        Registry.Register<EchoRequest, EchoResponse>(MissingFile, EchoRequest.Parser,
            (_, _) => throw new FileNotFoundException("Could not find file '/srv/data/cs1/sstable/7-1.sst'"));
        Registry.Register<EchoRequest, EchoResponse>(DamagedFile, EchoRequest.Parser,
            (_, _) => throw new InvalidDataException("/srv/data/rs1/root_table.log: record at offset 4096 fails its CRC"));
        Registry.Register(WhoAmI, EchoRequest.Parser, (_, context) =>
            ValueTask.FromResult(new EchoResponse { Payload = ByteString.CopyFromUtf8(context.RemoteAddress) }));
    }

    public RpcHandlerRegistry Registry { get; } = new();

    // Echo calls this registry's server has run.
    public int EchoCalls => Volatile.Read(ref _echoCalls);

    // Completes when a Hang handler is running on the server.
    public Task HangStarted => _hangStarted.Task;

    // Completes when a Hang handler saw its call token canceled.
    public Task HangCanceled => _hangCanceled.Task;

    public static EchoRequest Request(string text, int delayMs = 0) =>
        new() { Payload = ByteString.CopyFromUtf8(text), DelayMs = delayMs };

    private static async ValueTask<EchoResponse> EchoAsync(EchoRequest request, RpcCallContext context)
    {
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        if (request.ErrorCode != 0)
        {
            throw new RpcException(request.ErrorCode, request.ErrorMessage);
        }
        return new EchoResponse { Payload = request.Payload };
    }

    private async ValueTask<EchoResponse> HangAsync(EchoRequest request, RpcCallContext context)
    {
        _hangStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            _hangCanceled.TrySetResult();
            throw;
        }
        return new EchoResponse();
    }
}
