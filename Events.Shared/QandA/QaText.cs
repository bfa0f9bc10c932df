using System.Text;

namespace Events.Shared.QandA;

/// <summary>Cleans and checks what participants type, the same way for every client.</summary>
public static class QaText
{
    /// <summary>The question as it will be stored, or why it cannot be.</summary>
    public static (string? Text, string? Error) Question(string? typed)
    {
        var text = Clean(typed, keepNewlines: true);
        if (text.Length == 0) return (null, "Write a question first.");
        var length = CountCharacters(text);
        if (length > QaLimits.MaxQuestionLength)
            return (null, $"A question can be at most {QaLimits.MaxQuestionLength} characters; this one has {length}. Shorten it and ask again.");
        return (text, null);
    }

    /// <summary>A name to show on a question, or none; or why it cannot be used.</summary>
    public static (string? Name, string? Error) Name(string? typed)
    {
        var name = Clean(typed, keepNewlines: false);
        if (name.Length == 0) return (null, null);
        if (CountCharacters(name) > QaLimits.MaxNameLength) return (null, $"A name can be at most {QaLimits.MaxNameLength} characters.");
        return (name, null);
    }

    /// <summary>Characters as a reader counts them and as PostgreSQL's length() does: code points, not UTF-16 units.</summary>
    public static int CountCharacters(string text) => text.EnumerateRunes().Count();

    /// <summary>Composed form, no control characters, line breaks kept (at most one blank line) when asked for, trimmed.</summary>
    private static string Clean(string? typed, bool keepNewlines)
    {
        if (string.IsNullOrWhiteSpace(typed)) return "";
        var normalised = typed.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n").Replace('\r', '\n');
        var builder = new StringBuilder(normalised.Length);
        var newlines = 0;
        foreach (var c in normalised)
        {
            if (c == '\n')
            {
                if (!keepNewlines) { builder.Append(' '); continue; }
                if (++newlines <= 2) builder.Append('\n');
                continue;
            }
            newlines = 0;
            if (c == '\t') builder.Append(' ');
            // Control characters are dropped, and so are bidi embeddings, overrides and isolates, which could reorder the
            // text around the question on a moderator's screen. Marks and joiners (LRM, RLM, ZWJ, ZWNJ) stay: Arabic,
            // Persian and emoji need them.
            else if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069') continue;
            else builder.Append(c);
        }
        return builder.ToString().Trim();
    }
}
