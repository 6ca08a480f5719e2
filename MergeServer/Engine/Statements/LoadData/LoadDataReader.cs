using System.Text;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.LoadData;

// Splits LOAD DATA input into lines and fields as MySQL reads it:
// - a line ends at LINES TERMINATED BY (default "\n"); with LINES STARTING BY, everything up to and
//   including the starter is skipped (a line without it is skipped whole);
// - fields end at FIELDS TERMINATED BY (default "\t"); a field that starts with the ENCLOSED BY character
//   runs to the next enclosure followed by a field or line terminator (a doubled enclosure is one);
// - the ESCAPED BY character (default '\') takes the next character literally, except \0 \b \n \r \t \Z
//   (NUL, backspace, newline, return, tab, Ctrl-Z) and \N alone, which is NULL; with an ENCLOSED BY
//   character, the unenclosed word NULL is NULL too;
// - input that ends without a line terminator still ends its last line; nothing after the last
//   terminator is no line.
// A field is the text between the separators (null = NULL).
public sealed class LoadDataReader(LoadDataStatement format, string text)
{
    private readonly string _fieldEnd = format.FieldTerminator;
    private readonly string _lineEnd = format.LineTerminator;
    private readonly char? _quote = format.Enclosure.Length > 0 ? format.Enclosure[0] : null;
    private readonly char? _escape = format.Escape.Length > 0 ? format.Escape[0] : null;
    private int _pos;

    public List<string?[]> ReadAll()
    {
        var lines = new List<string?[]>();
        var skip = format.IgnoreLines;
        while (_pos < text.Length)
        {
            if (format.LineStarter.Length > 0)
            {
                var start = text.IndexOf(format.LineStarter, _pos, StringComparison.Ordinal);
                if (start < 0)
                    break;
                _pos = start + format.LineStarter.Length;
            }
            var line = ReadLine();
            if (skip > 0)
            {
                skip--;
                continue;
            }
            lines.Add(line);
        }
        return lines;
    }

    private string?[] ReadLine()
    {
        var fields = new List<string?>();
        while (true)
        {
            var (field, ended) = ReadField();
            fields.Add(field);
            if (ended)
                return [.. fields];
        }
    }

    // One field; `LineEnded`: the line (or the input) ended after it.
    private (string? Field, bool LineEnded) ReadField()
    {
        var value = new StringBuilder();
        var enclosed = _quote is { } q && _pos < text.Length && text[_pos] == q;
        var escapedNull = false;
        if (enclosed)
            _pos++;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (_escape is { } e && c == e && _pos + 1 < text.Length)
            {
                var next = text[_pos + 1];
                _pos += 2;
                if (next == 'N' && value.Length == 0 && !enclosed && AtSeparator())
                {
                    escapedNull = true;
                    continue;
                }
                value.Append(next switch
                {
                    '0' => '\0',
                    'b' => '\b',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'Z' => '\x1A',
                    _ => next,
                });
                continue;
            }
            if (enclosed && c == _quote)
            {
                if (_pos + 1 < text.Length && text[_pos + 1] == _quote)
                {
                    value.Append(c);
                    _pos += 2;
                    continue;
                }
                _pos++;
                if (AtSeparator())
                {
                    enclosed = false;
                    return Finish(value.ToString(), wasEnclosed: true);
                }
                value.Append(c);
                continue;
            }
            if (!enclosed && AtSeparator())
                return Finish(escapedNull ? null : value.ToString(), wasEnclosed: false);
            value.Append(c);
            _pos++;
        }
        return (escapedNull ? null : Unquoted(value.ToString()), true);
    }

    private (string? Field, bool LineEnded) Finish(string? value, bool wasEnclosed)
    {
        if (!wasEnclosed)
            value = value is null ? null : Unquoted(value);
        if (Matches(_lineEnd))
        {
            _pos += _lineEnd.Length;
            return (value, true);
        }
        if (_pos >= text.Length)
            return (value, true);
        _pos += _fieldEnd.Length;
        return (value, false);
    }

    // The unenclosed word NULL is NULL when fields may be enclosed.
    private string? Unquoted(string value) => _quote is not null && value == "NULL" ? null : value;

    private bool AtSeparator() => _pos >= text.Length || Matches(_lineEnd) || Matches(_fieldEnd);

    private bool Matches(string separator) =>
        separator.Length > 0 && string.CompareOrdinal(text, _pos, separator, 0, separator.Length) == 0;
}
