using Events.Shared.Site;

namespace Events.Server.Hosting;

/// <summary>
/// Headers every answer carries. The policy allows scripts, styles, images and connections from the site only.
/// Inline style attributes stay allowed (style-src-attr): the component libraries set them, and with img-src, font-src
/// and connect-src limited to the site they cannot load anything from elsewhere. No referrer is sent anywhere, so a
/// defender's visit to an event page does not reach a webcast host's logs.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; frame-src 'none'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // A stricter policy set by an endpoint (the flyer download) is kept.
            if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    });
}
