using System.Text;

namespace Events.Server.Calendar;

/// <summary>
/// Where Ical.Net 5.2.4 writes invalid iCalendar, and the small fix around each fault (each one shown by a test in
/// CalendarDocumentsTests, so that the fix can go once Ical.Net gets it right):
/// <list type="bullet">
/// <item>TEXT values keep control characters (a bell, a NUL, C1 controls), which RFC 5545 §3.3.11 does not allow, and
/// lone UTF-16 surrogates: <see cref="Text"/> drops the controls and makes lone surrogates U+FFFD.</item>
/// <item>A parameter value loses its double quotes ("CN=Amina "A" Esq." becomes CN="Amina A Esq."): <see cref="ParameterValue"/>
/// writes them, and carets and newlines, with RFC 6868's caret escapes, which Ical.Net passes through.</item>
/// <item>Folding counts UTF-8 octets but may break a line between the two halves of a surrogate pair (an emoji), which
/// then reaches the wire as two U+FFFD: <see cref="Refold"/> folds the serialised text again, between whole characters.</item>
/// </list>
/// </summary>
public static class IcalNetFixes
{
    /// <summary>RFC 5545 §3.1: a content line is at most 75 octets, CRLF excluded.</summary>
    public const int MaxLineOctets = 75;

    /// <summary>Text as a TEXT value may hold it: newlines and tabs kept, other control characters dropped, lone surrogates U+FFFD.</summary>
    public static string Text(string text)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            string? replacement = pair ? null
                : char.IsSurrogate(c) ? "\uFFFD"
                : char.IsControl(c) && c is not ('\r' or '\n' or '\t') ? ""
                : null;
            if (replacement is null && clean is null)
            {
                if (pair) i++;
                continue;
            }
            clean ??= new StringBuilder(text.Length).Append(text, 0, i);
            if (replacement is not null) clean.Append(replacement);
            else
            {
                clean.Append(c);
                if (pair) clean.Append(text[++i]);
            }
        }
        return clean?.ToString() ?? text;
    }

    /// <summary>A parameter value (a CN) with RFC 6868's escapes: ^ as ^^, " as ^', a newline as ^n.</summary>
    public static string ParameterValue(string value)
    {
        var text = Text(value);
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '^': escaped.Append("^^"); break;
                case '"': escaped.Append("^'"); break;
                case '\r':
                    escaped.Append("^n");
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    break;
                case '\n': escaped.Append("^n"); break;
                default: escaped.Append(text[i]); break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// Unfolds serialised iCalendar and folds it again: every line at most 75 octets, continuation lines starting with
    /// one space, breaks only between whole characters, CRLF everywhere.
    /// </summary>
    public static string Refold(string ics)
    {
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        var folded = new StringBuilder(unfolded.Length + unfolded.Length / 64 * 3);
        foreach (var line in unfolded.Split("\r\n"))
        {
            if (line.Length == 0) continue;
            var octets = 0;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                var pair = char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
                var size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                if (octets + size > MaxLineOctets)
                {
                    folded.Append("\r\n ");
                    octets = 1;
                }
                folded.Append(c);
                if (pair) folded.Append(line[++i]);
                octets += size;
            }
            folded.Append("\r\n");
        }
        return folded.ToString();
    }
}
