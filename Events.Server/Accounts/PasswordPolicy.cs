using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Events.Server.Accounts;

/// <summary>Why a password was refused; <see cref="None"/> when it is acceptable.</summary>
public enum PasswordWeakness
{
    None,
    /// <summary>On the common-password list, or a small change of an entry (digits or symbols around it, leetspeak,
    /// reversed, two entries joined, repeated).</summary>
    Common,
    /// <summary>Built on the person's name, their e-mail address or the site's name.</summary>
    Context,
    /// <summary>Repeated or sequential characters, or too few different ones.</summary>
    Pattern,
}

/// <summary>
/// NIST SP 800-63B's rules for memorised secrets, after the length check the forms make (12 to 128 characters, any
/// character, spaces and Unicode included, no composition rules): refuse what is on a list of common passwords and
/// obvious derivations of it, repetitive or sequential characters, and words of the context (site, name, address).
/// The list (Accounts/common-passwords.txt.gz, made by tools/passwords) holds lowercase base forms; the derivations
/// are undone here, so that the list stays small.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>The site's own name: the first thing tried against it.</summary>
    private static readonly string[] SiteWords = ["events", "event"];
    private const int MinimumPieceLength = 4;

    private static readonly Lazy<HashSet<string>> List = new(LoadList);

    public static int ListCount => List.Value.Count;

    public static PasswordWeakness Assess(string password, IEnumerable<string?> contextTexts)
    {
        var joined = Joined(password);
        if (joined.Length == 0 || IsPattern(joined)) return PasswordWeakness.Pattern;
        var variants = Variants(joined).ToList();
        // Context first: when a name is also a common word, "your name" is the more useful answer.
        var context = ContextWords(contextTexts);
        foreach (var variant in variants)
        {
            var residual = context.Aggregate(variant, (text, word) => text.Replace(word, "", StringComparison.Ordinal));
            if (residual.Length == variant.Length) continue;
            if (Core(residual).Length < MinimumPieceLength || IsPattern(residual) || IsCommon(residual)) return PasswordWeakness.Context;
        }
        return variants.Any(IsCommon) ? PasswordWeakness.Common : PasswordWeakness.None;
    }

    /// <summary>Lowercase, compatibility-normalised, without the separators people put between words.</summary>
    private static string Joined(string password)
    {
        var text = password.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            if (!char.IsWhiteSpace(c) && c is not ('-' or '_' or '.' or ',')) builder.Append(c);
        return builder.ToString();
    }

    /// <summary>The password as typed, and with leetspeak undone between its outer digits and symbols ("p4ssw0rd!1").</summary>
    private static IEnumerable<string> Variants(string joined)
    {
        yield return joined;
        var start = 0;
        while (start < joined.Length && !char.IsLetter(joined[start])) start++;
        var end = joined.Length;
        while (end > start && !char.IsLetter(joined[end - 1])) end--;
        if (end <= start) yield break;
        var inner = joined[start..end];
        foreach (var one in new[] { 'i', 'l' })
        {
            var plain = string.Concat(inner.Select(c => Unleet(c, one)));
            if (plain != inner) yield return joined[..start] + plain + joined[end..];
        }
    }

    private static char Unleet(char c, char one) => c switch
    {
        '4' or '@' => 'a', '8' => 'b', '(' => 'c', '3' => 'e', '6' or '9' => 'g', '1' or '!' or '|' => one,
        '0' => 'o', '5' or '$' => 's', '7' or '+' => 't', '2' => 'z', _ => c,
    };

    /// <summary>Without the digits and symbols around it: "weakpass1234" → "weakpass".</summary>
    private static string Core(string text) => text.Trim(text.Where(c => !char.IsLetter(c)).Distinct().ToArray());

    private static bool IsCommon(string text)
    {
        var list = List.Value;
        if (list.Contains(text)) return true;
        var core = Core(text);
        // Only digits and symbols: the list's digit runs, years and dates, and the patterns, decide.
        if (core.Length == 0) return false;
        foreach (var candidate in new[] { core, Reverse(core) })
        {
            if (list.Contains(candidate)) return true;
            // Two list entries joined: "weak" + "pass", "iloveyou" + "forever".
            for (var i = MinimumPieceLength; i <= candidate.Length - MinimumPieceLength; i++)
                if (list.Contains(candidate[..i]) && list.Contains(candidate[i..])) return true;
            if (RepeatedUnit(candidate) is { } unit && (unit.Length <= 6 || list.Contains(unit))) return true;
        }
        return false;
    }

    private static bool IsPattern(string text)
    {
        if (text.Distinct().Count() < 5) return true;
        if (RepeatedUnit(text) is { Length: <= 6 }) return true;
        return IsSequence(text) || IsSequence(Core(text));
    }

    /// <summary>"abcdefghijkl", "987654321098", "zyxwvu": each character one step from the last, digits wrapping.</summary>
    private static bool IsSequence(string text)
    {
        if (text.Length < 4) return false;
        int Step(char a, char b) => char.IsAsciiDigit(a) && char.IsAsciiDigit(b) ? ((b - a) % 10 + 10) % 10 : b - a;
        var first = Step(text[0], text[1]);
        if (first is not (1 or -1 or 9)) return false;
        for (var i = 2; i < text.Length; i++)
            if (Step(text[i - 1], text[i]) != first) return false;
        return true;
    }

    /// <summary>The shortest unit the text is made of, when it is a repetition ("abcabcabcabc" → "abc").</summary>
    private static string? RepeatedUnit(string text)
    {
        for (var length = 1; length <= text.Length / 2; length++)
        {
            var repeats = true;
            for (var i = length; i < text.Length && repeats; i++) repeats = text[i] == text[i % length];
            if (repeats) return text[..length];
        }
        return null;
    }

    private static string Reverse(string text) { var chars = text.ToCharArray(); Array.Reverse(chars); return new string(chars); }

    /// <summary>The site's name and the words of the person's name and address, three characters or more, longest first.</summary>
    private static List<string> ContextWords(IEnumerable<string?> texts)
    {
        var words = new HashSet<string>(SiteWords, StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var lower = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
            var at = lower.LastIndexOf('@');
            var parts = new List<string>();
            if (at > 0)
            {
                // The local part whole and in pieces; the domain's labels but not the top-level one.
                parts.Add(Joined(lower[..at]));
                var labels = lower[(at + 1)..].Split('.');
                parts.AddRange(labels.Take(Math.Max(0, labels.Length - 1)));
                lower = lower[..at];
            }
            parts.AddRange(Regex.Split(lower, @"[^\p{L}\p{N}]+"));
            foreach (var part in parts)
                if (part.Length >= 3) words.Add(part);
        }
        return words.OrderByDescending(w => w.Length).ToList();
    }

    private static HashSet<string> LoadList()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Events.Server.Accounts.common-passwords.txt.gz")
                           ?? throw new InvalidOperationException("The common-password list is not embedded in the server.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress), Encoding.UTF8);
        var set = new HashSet<string>(200_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) set.Add(line);
        return set;
    }
}
