using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace OceanClassic.Common.Types;

// UTF-8 that keeps every byte: decoding maps each byte of an invalid sequence to the lone surrogate
// U+DC00 + byte (always U+DC80..U+DCFF, as ASCII bytes are never invalid), and encoding maps those
// surrogates back to their byte (Python's "surrogateescape"). Only a lone surrogate is an escape: the
// low half of a valid pair (a character above U+FFFF such as U+1F4A9, D83D DCA9) is text. So any byte string (a BLOB's value, a
// query text holding raw binary bytes as mariadb-dump writes them) survives bytes -> string -> bytes
// exactly, while valid UTF-8 text decodes as ordinary characters.
public static class LosslessUtf8
{
    private const char FirstEscape = '\uDC80';
    private const char LastEscape = '\uDCFF';

    public static string GetString(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
            return Encoding.UTF8.GetString(bytes);
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var written = 0;
            while (!bytes.IsEmpty)
            {
                Utf8.ToUtf16(bytes, chars.AsSpan(written), out var read, out var produced, replaceInvalidSequences: false);
                written += produced;
                bytes = bytes[read..];
                if (!bytes.IsEmpty)
                {
                    // ToUtf16 stopped at an invalid byte: escape it and go on after it.
                    chars[written++] = (char)(0xDC00 + bytes[0]);
                    bytes = bytes[1..];
                }
            }
            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public static bool HasEscapes(ReadOnlySpan<char> text) => IndexOfEscape(text) >= 0;

    // The index of the first escaped byte, or -1 when the text is valid UTF-8 throughout.
    public static int IndexOfEscape(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOfAnyInRange(FirstEscape, LastEscape); i >= 0; i = NextCandidate(text, i))
        {
            if (IsEscapeAt(text, i))
                return i;
        }
        return -1;
    }

    // The text with each escaped byte replaced by `replacement`.
    public static string ReplaceEscapes(string text, char replacement)
    {
        var first = IndexOfEscape(text);
        if (first < 0)
            return text;
        var chars = text.ToCharArray();
        for (var i = first; i >= 0; i = NextCandidate(text, i))
        {
            if (IsEscapeAt(text, i))
                chars[i] = replacement;
        }
        return new string(chars);
    }

    private static int NextCandidate(ReadOnlySpan<char> text, int after)
    {
        var next = text[(after + 1)..].IndexOfAnyInRange(FirstEscape, LastEscape);
        return next < 0 ? -1 : after + 1 + next;
    }

    public static int GetByteCount(ReadOnlySpan<char> text)
    {
        if (!HasEscapes(text))
            return Encoding.UTF8.GetByteCount(text);
        var count = 0;
        foreach (var part in Parts(text))
            count += part.Escaped ? part.Text.Length : Encoding.UTF8.GetByteCount(part.Text.Span);
        return count;
    }

    public static byte[] GetBytes(string text)
    {
        var bytes = new byte[GetByteCount(text)];
        GetBytes(text, bytes);
        return bytes;
    }

    // Writes the bytes of `text` into `destination` (at least GetByteCount long); returns the count.
    public static int GetBytes(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (!HasEscapes(text))
            return Encoding.UTF8.GetBytes(text, destination);
        var written = 0;
        foreach (var part in Parts(text))
        {
            if (part.Escaped)
            {
                foreach (var c in part.Text.Span)
                    destination[written++] = (byte)(c - 0xDC00);
            }
            else
            {
                written += Encoding.UTF8.GetBytes(part.Text.Span, destination[written..]);
            }
        }
        return written;
    }

    // Runs of ordinary text and runs of escaped bytes, in order.
    private static List<(ReadOnlyMemory<char> Text, bool Escaped)> Parts(ReadOnlySpan<char> text)
    {
        var parts = new List<(ReadOnlyMemory<char>, bool)>();
        var memory = text.ToArray().AsMemory();
        var start = 0;
        while (start < memory.Length)
        {
            var escaped = IsEscapeAt(memory.Span, start);
            var end = start + 1;
            while (end < memory.Length && IsEscapeAt(memory.Span, end) == escaped)
                end++;
            parts.Add((memory[start..end], escaped));
            start = end;
        }
        return parts;
    }

    // An escape is a low surrogate U+DC80..U+DCFF that does not end a surrogate pair.
    private static bool IsEscapeAt(ReadOnlySpan<char> text, int index) =>
        text[index] is >= FirstEscape and <= LastEscape && (index == 0 || !char.IsHighSurrogate(text[index - 1]));
}
