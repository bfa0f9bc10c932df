namespace Events.Shared.SideEvents;

/// <summary>
/// Why a flyer upload was refused, as codes for the redirect back to "My proposals": the page shows our sentence for
/// the code, so a crafted link cannot put its own words on the site.
/// </summary>
public static class FlyerUploadErrors
{
    private static readonly Dictionary<string, string> Texts = new()
    {
        ["missing"] = "Choose a file to upload.",
        ["empty"] = "The file is empty.",
        ["too-large"] = "The flyer can be at most 5 MB.",
        ["wrong-type"] = "The flyer must be a PDF, PNG, JPEG or WebP file. This file is none of those (its contents were checked, not its name).",
        ["closed"] = "This side event is closed.",
        ["refused"] = "The flyer could not be attached: the proposal may be closed, or not yours.",
    };

    public static string Missing => Texts["missing"];
    public static string Empty => Texts["empty"];
    public static string TooLarge => Texts["too-large"];
    public static string WrongType => Texts["wrong-type"];
    public static string Closed => Texts["closed"];

    /// <summary>The code of one of our sentences; any other refusal becomes the general one.</summary>
    public static string CodeOf(string? error) => Texts.FirstOrDefault(t => t.Value == error).Key ?? "refused";

    public static string? Text(string? code) => code is null ? null : Texts.GetValueOrDefault(code);
}
