using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Events.Client.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Events.Server.Hosting;

/// <summary>
/// The theme (Events.Client/Layout/EventsTheme) as stylesheets from the site. MudThemeProvider writes its CSS variables
/// into an inline &lt;style&gt;, which the Content-Security-Policy refuses (style-src 'self'); rendering the provider once on
/// the server and serving what it wrote keeps MudBlazor's own variable names and the strict policy. Browsers revalidate
/// with the ETag, so a new theme reaches them with the next deployment.
/// </summary>
public static partial class ThemeStylesheets
{
    private sealed record Stylesheet(string Css, string ETag);

    public static IEndpointRouteBuilder MapThemeStylesheets(this IEndpointRouteBuilder endpoints)
    {
        var light = new Lazy<Task<Stylesheet>>(() => RenderAsync(endpoints.ServiceProvider, dark: false));
        var projector = new Lazy<Task<Stylesheet>>(() => RenderAsync(endpoints.ServiceProvider, dark: true));
        endpoints.MapGet(EventsTheme.LightStylesheet, (Delegate)((HttpContext http) => ServeAsync(http, light.Value)));
        endpoints.MapGet(EventsTheme.ProjectorStylesheet, (Delegate)((HttpContext http) => ServeAsync(http, projector.Value)));
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, Task<Stylesheet> stylesheet)
    {
        var sheet = await stylesheet;
        http.Response.Headers.CacheControl = "public, no-cache";
        http.Response.Headers.ETag = sheet.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(sheet.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Text(sheet.Css, "text/css; charset=utf-8");
    }

    /// <summary>What MudThemeProvider writes for the theme, without the &lt;style&gt; tags around it.</summary>
    public static async Task<string> CssAsync(IServiceProvider services, bool dark)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = EventsTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            }));
            return output.ToHtmlString();
        });
        var css = string.Join("\n", StyleElement().Matches(html).Select(m => m.Groups[1].Value.Trim()));
        return css.Length > 0 ? css : throw new InvalidOperationException("MudThemeProvider wrote no <style> element.");
    }

    private static async Task<Stylesheet> RenderAsync(IServiceProvider services, bool dark)
    {
        var css = await CssAsync(services, dark);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(css)))[..16] + "\"";
        return new Stylesheet(css, etag);
    }

    [GeneratedRegex(@"<style[^>]*>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
