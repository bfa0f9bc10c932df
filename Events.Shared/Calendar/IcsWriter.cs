using System.Globalization;
using System.Text;

namespace Events.Shared.Calendar;

/// <summary>
/// Writes iCalendar content lines (RFC 5545 §3.1): every line ends in CRLF, and a line longer than 75 octets is folded
/// into continuation lines that start with one space (the space counts toward the 75). Folding counts UTF-8 octets and
/// breaks only between whole characters, so a multi-octet character is never split across lines.
/// </summary>
public sealed class IcsWriter
{
    public const int MaxLineOctets = 75;
    private const string LineBreak = "\r\n";
    private readonly StringBuilder _text = new();

    /// <summary>A property whose value is already in its iCalendar form (a date, a number, a URI, escaped text).</summary>
    public IcsWriter Property(string name, string value) => Property(name, parameters: null, value);

    /// <summary><paramref name="parameters"/> is the part between the name and the colon, e.g. ";TZID=Europe/London".</summary>
    public IcsWriter Property(string name, string? parameters, string value)
    {
        var octets = 0;
        AppendFolded(name, ref octets);
        if (parameters is not null) AppendFolded(parameters, ref octets);
        AppendFolded(":", ref octets);
        AppendFolded(value, ref octets);
        _text.Append(LineBreak);
        return this;
    }

    /// <summary>A TEXT property (SUMMARY, DESCRIPTION, LOCATION…), escaped; nothing is written for empty text.</summary>
    public IcsWriter Text(string name, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return this;
        return Property(name, EscapeText(text));
    }

    public IcsWriter Begin(string component) => Property("BEGIN", component);

    public IcsWriter End(string component) => Property("END", component);

    public override string ToString() => _text.ToString();

    /// <summary>
    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash; CRLF, CR and LF become "\n".
    /// Other control characters are not allowed in TEXT at all, so they are dropped (a tab is allowed and kept; the C1
    /// controls U+0080–U+009F are dropped too, as they only ever come from broken data).
    /// </summary>
    public static string EscapeText(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\r':
                    escaped.Append(@"\n");
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    break;
                case '\n': escaped.Append(@"\n"); break;
                case '\t': escaped.Append(c); break;
                default:
                    if (!char.IsControl(c)) escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// A parameter value, always in double quotes (so that ':', ';' and ',' are safe). A double quote, a caret and a
    /// newline cannot appear in a quoted value: they are written with RFC 6868's caret escapes (^' ^^ ^n).
    /// </summary>
    public static string QuoteParameter(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': quoted.Append("^'"); break;
                case '^': quoted.Append("^^"); break;
                case '\r':
                    quoted.Append("^n");
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    break;
                case '\n': quoted.Append("^n"); break;
                default:
                    if (c == '\t' || !char.IsControl(c)) quoted.Append(c);
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>A UTC DATE-TIME: 20270315T130000Z.</summary>
    public static string UtcDateTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A local ("floating" form) DATE-TIME, to be paired with a TZID parameter: 20270315T090000.</summary>
    public static string LocalDateTime(DateTime wallClock) =>
        wallClock.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    /// <summary>A UTC offset as TZOFFSETFROM/TZOFFSETTO want it: -0500, +0530, +0000 (seconds only when there are any).</summary>
    public static string UtcOffset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        var text = $"{sign}{abs.Hours:00}{abs.Minutes:00}";
        return abs.Seconds == 0 ? text : text + abs.Seconds.ToString("00", CultureInfo.InvariantCulture);
    }

    private void AppendFolded(string part, ref int octets)
    {
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            // A surrogate pair is one character of four octets; a lone surrogate becomes U+FFFD, as the UTF-8 encoder
            // would write it anyway.
            var pair = char.IsHighSurrogate(c) && i + 1 < part.Length && char.IsLowSurrogate(part[i + 1]);
            if (!pair && char.IsSurrogate(c)) c = '\uFFFD';
            var size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (octets + size > MaxLineOctets)
            {
                _text.Append(LineBreak).Append(' ');
                octets = 1;
            }
            _text.Append(c);
            if (pair) _text.Append(part[++i]);
            octets += size;
        }
    }
}
