using System.Globalization;
using System.Text;

namespace Architectures.Generators.Emit;

/// <summary>A small indenting text writer for generated C#.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', 4 * _depth).Append(line);
        _text.Append('\n');
        return this;
    }

    public IndentedWriter Open(string line)
    {
        Line(line).Line("{");
        _depth++;
        return this;
    }

    public IndentedWriter Close(string suffix = "")
    {
        _depth--;
        return Line("}" + suffix);
    }

    public IndentedWriter Indent()
    {
        _depth++;
        return this;
    }

    public IndentedWriter Outdent()
    {
        _depth--;
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>A C# literal with digit separators, e.g. 28_088_024.</summary>
    public static string Number(long value) =>
        value.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "_");

    /// <summary>A C# string literal.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
