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

    // The stored form (MySQL's PASSWORD()): '*' + HEX(SHA1(SHA1(password))), empty for no password.
    public static string Hash(string password)
    {
        if (password.Length == 0)
        {
            return "";
        }

        return "*" + Convert.ToHexString(SHA1.HashData(SHA1.HashData(Encoding.UTF8.GetBytes(password))));
    }

    // A 41-character '*'-prefixed hex string (or empty): what IDENTIFIED BY PASSWORD accepts.
    public static bool IsHash(string hash) =>
        hash.Length == 0 || (hash.Length == 41 && hash[0] == '*' && !hash.AsSpan(1).ContainsAnyExcept(HexDigits));

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef");

    // Checks a client's token against a stored hash: SHA1(token XOR SHA1(scramble + stage2)) = stage2.
    public static bool VerifyHash(ReadOnlySpan<byte> scramble, ReadOnlySpan<byte> token, string hash)
    {
        if (hash.Length == 0)
        {
            return token.IsEmpty;
        }

        if (token.Length != 20 || !IsHash(hash))
        {
            return false;
        }

        var stage2 = Convert.FromHexString(hash.AsSpan(1));
        Span<byte> input = stackalloc byte[scramble.Length + 20];
        scramble.CopyTo(input);
        stage2.CopyTo(input[scramble.Length..]);
        Span<byte> stage1 = stackalloc byte[20];
        SHA1.HashData(input, stage1);
        for (var i = 0; i < 20; i++)
        {
            stage1[i] ^= token[i];
        }

        return CryptographicOperations.FixedTimeEquals(SHA1.HashData(stage1), stage2);
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
