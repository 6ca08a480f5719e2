using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace OceanClassic.MergeServer.MySql.Tls;

// The server side of a MySQL connection's switch to TLS: after the client's SSLRequest, a TLS handshake
// over the same bytes (SslStream with the configured certificate), then a pipe over the TLS stream for
// the rest of the connection (the handshake response and every command).
public sealed class TlsUpgrade : IDuplexPipe, IAsyncDisposable
{
    private readonly SslStream _ssl;

    private TlsUpgrade(SslStream ssl)
    {
        _ssl = ssl;
        Input = PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    // What SHOW STATUS reports as Ssl_cipher and Ssl_version (MariaDB's spellings: TLSv1.3).
    public string Cipher => _ssl.NegotiatedCipherSuite.ToString();

    public string Version => _ssl.SslProtocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        var other => other.ToString(),
    };

    public static async ValueTask<TlsUpgrade> AcceptAsync(IDuplexPipe transport, X509Certificate2 certificate, CancellationToken ct)
    {
        var ssl = new SslStream(new DuplexPipeStream(transport), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = false,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, ct);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }

        return new TlsUpgrade(ssl);
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        await _ssl.DisposeAsync();
    }
}
