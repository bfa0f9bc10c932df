using MudBlazor;

namespace Events.Client.Layout;

/// <summary>
/// The site's one theme: palette, typography and spacing. The light palette serves every page; the dark one is for the
/// projector (the Q&amp;A presenter view). The server turns both into cached stylesheets at /theme/light.css and
/// /theme/projector.css (Events.Server/Hosting/ThemeStylesheets), because MudThemeProvider writes an inline
/// &lt;style&gt; that the site's Content-Security-Policy (style-src 'self') refuses.
/// </summary>
public static class EventsTheme
{
    public const string LightStylesheet = "/theme/light.css";
    public const string ProjectorStylesheet = "/theme/projector.css";

    // System fonts only: nothing may be loaded from another host, and these cover Latin, Arabic, Cyrillic and CJK.
    private static readonly string[] Fonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Noto Sans Arabic", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        // Every text colour below keeps at least 4.5:1 against its background (WCAG AA), checked by axe in the browser tests.
        PaletteLight = new PaletteLight
        {
            Primary = "#1b5e9b",
            PrimaryContrastText = "#ffffff",
            Secondary = "#5c4d8a",
            Tertiary = "#00695c",
            Info = "#0b61a4",
            Success = "#2e7d32",
            Warning = "#8a5300",
            Error = "#b00020",
            AppbarBackground = "#16466f",
            AppbarText = "#ffffff",
            Background = "#f7f9fb",
            Surface = "#ffffff",
            TextPrimary = "#1a2027",
            TextSecondary = "#4f5b66",
            ActionDefault = "#4f5b66",
            LinesDefault = "#d5dbe1",
            Divider = "#d5dbe1",
        },
        // The projector: light text on a dark ground, large contrast for a room with the lights on.
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9",
            PrimaryContrastText = "#0b1620",
            Secondary = "#ce93d8",
            Success = "#81c784",
            Warning = "#ffb74d",
            Error = "#ef9a9a",
            Background = "#0b1620",
            Surface = "#13222f",
            AppbarBackground = "#0b1620",
            TextPrimary = "#f2f5f8",
            TextSecondary = "#c3ccd5",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts, FontSize = "1rem", LineHeight = "1.5" },
            H1 = new H1Typography { FontFamily = Fonts, FontSize = "2rem", FontWeight = "600", LineHeight = "1.25" },
            H2 = new H2Typography { FontFamily = Fonts, FontSize = "1.5rem", FontWeight = "600", LineHeight = "1.3" },
            H3 = new H3Typography { FontFamily = Fonts, FontSize = "1.25rem", FontWeight = "600", LineHeight = "1.35" },
            H4 = new H4Typography { FontFamily = Fonts, FontSize = "1.15rem", FontWeight = "600", LineHeight = "1.4" },
            H5 = new H5Typography { FontFamily = Fonts, FontSize = "1.05rem", FontWeight = "600", LineHeight = "1.4" },
            H6 = new H6Typography { FontFamily = Fonts, FontSize = "1rem", FontWeight = "600", LineHeight = "1.4" },
            Body1 = new Body1Typography { FontFamily = Fonts, FontSize = "1rem", LineHeight = "1.5" },
            Body2 = new Body2Typography { FontFamily = Fonts, FontSize = ".925rem", LineHeight = "1.5" },
            // Buttons in sentence case, as every label on the site is written.
            Button = new ButtonTypography { FontFamily = Fonts, FontSize = ".95rem", FontWeight = "600", TextTransform = "none" },
            Caption = new CaptionTypography { FontFamily = Fonts, FontSize = ".85rem" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", AppbarHeight = "56px" },
    };
}
