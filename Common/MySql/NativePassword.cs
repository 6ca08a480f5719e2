using System.Security.Cryptography;
using System.Text;

namespace OceanClassic.Common.MySql;

// mysql_native_password: token = SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html
public static class NativePassword
{
    public const string PluginName = "mysql_native_password";
    public const int ScrambleLength = 20;

    public static byte[] ComputeToken(ReadOnlySpan<byte> scramble, string password)
    {
        if (password.Length == 0)
        {
            return [];
        }

        Span<byte> stage1 = stackalloc byte[20];
        Span<byte> stage2 = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(password), stage1);
        SHA1.HashData(stage1, stage2);

        Span<byte> input = stackalloc byte[scramble.Length + 20];
        scramble.CopyTo(input);
        stage2.CopyTo(input[scramble.Length..]);
        var token = SHA1.HashData(input);
        for (var i = 0; i < token.Length; i++)
        {
            token[i] ^= stage1[i];
        }

        return token;
    }

    public static bool Verify(ReadOnlySpan<byte> scramble, ReadOnlySpan<byte> token, string password) =>
        CryptographicOperations.FixedTimeEquals(ComputeToken(scramble, password), token);

    // Printable, never NUL: some clients read the scramble as a C string.
    public static byte[] CreateScramble()
    {
        var scramble = RandomNumberGenerator.GetBytes(ScrambleLength);
        for (var i = 0; i < scramble.Length; i++)
        {
            scramble[i] = (byte)(0x21 + (scramble[i] % 94));
        }

        return scramble;
    }
}
