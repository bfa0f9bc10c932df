namespace Events.Shared.SideEvents;

/// <summary>
/// What a flyer may be: a PDF or an image, recognised by its first bytes rather than its file name,
/// so that a program renamed to .pdf is refused.
/// </summary>
public static class FlyerRules
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public static string? DetectContentType(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8)) return "application/pdf";
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    public static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf", "image/png" => ".png", "image/jpeg" => ".jpg", "image/webp" => ".webp", _ => "",
    };

    /// <summary>A file name safe to put in a download header: letters, digits, dot, dash and underscore, with the right extension.</summary>
    public static string SafeFileName(string? original, string contentType)
    {
        var stem = Path.GetFileNameWithoutExtension(original ?? "");
        var cleaned = new string(stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        if (cleaned.Length == 0) cleaned = "flyer";
        if (cleaned.Length > 80) cleaned = cleaned[..80];
        return cleaned + Extension(contentType);
    }
}
