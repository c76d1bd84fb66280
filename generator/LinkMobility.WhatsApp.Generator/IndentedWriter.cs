using System;
using System.Collections.Generic;
using System.Text;

namespace LinkMobility.WhatsApp.Generator;

/// <summary>A small source writer: lines at the current indentation, and blocks that indent.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private readonly int _start;
    private int _indent;

    /// <summary>A writer whose text starts <paramref name="indent"/> levels in (a part of a file emitted on its own).</summary>
    public IndentedWriter(int indent = 0) => _start = _indent = indent;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0) _builder.Append(' ', _indent * 4).Append(text);
        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes each line of a multi-line text (such as a raw string literal) at the current indentation.</summary>
    public IndentedWriter Lines(string text)
    {
        foreach (string line in text.Replace("\r\n", "\n").Split('\n')) Line(line);
        return this;
    }

    /// <summary>Writes <paramref name="header"/> (if any), an opening brace, and indents until the returned scope is disposed.</summary>
    public Scope Block(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _indent++;
        return new Scope(this);
    }

    /// <summary>Writes a collection's items, one a line with a trailing comma, between an opening and a closing line.</summary>
    public void Rows(string open, IEnumerable<string> rows, string close)
    {
        Line(open);
        foreach (string row in rows) Line("    " + row + ",");
        Line(close);
    }

    /// <summary>Appends text another writer made at this writer's indentation.</summary>
    public IndentedWriter Text(string text)
    {
        _builder.Append(text);
        return this;
    }

    /// <summary>Writes an expression-bodied member whose body is a switch expression: <c>header switch { arms };</c>.</summary>
    public void SwitchExpression(string header, IEnumerable<string> arms)
    {
        using (Block(header + " switch"))
        {
            foreach (string arm in arms) Line(arm + ",");
        }
        Line(";");
    }

    /// <summary>The text; a block left open is a bug in an emitter, reported (as LMWA0009) rather than emitted.</summary>
    public override string ToString() =>
        _indent == _start ? _builder.ToString() : throw new InvalidOperationException($"a block was left open ({_indent - _start} deep)");

    public readonly struct Scope : IDisposable
    {
        private readonly IndentedWriter _writer;

        public Scope(IndentedWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}");
        }
    }
}
