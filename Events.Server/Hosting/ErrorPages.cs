using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;

namespace Events.Server.Hosting;

/// <summary>
/// Error answers as small static pages with a short message and a reference to quote. Written directly rather than by
/// re-running a Blazor page: a page that failed while rendering cannot be rendered again in the same request (the
/// old /Error page crashed with "RemoteNavigationManager already initialized" and left a blank 500).
/// </summary>
public static class ErrorPages
{
    public static string Reference(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

    public static async Task WriteAsync(HttpContext context, int status, string title, string message)
    {
        if (context.Response.HasStarted) return;
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var reference = Reference(context);
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)}</title><link rel="stylesheet" href="/_content/Events.Client/app.css"></head>
            <body><main class="events-error-page" data-testid="error-page">
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p data-testid="error-message">{WebUtility.HtmlEncode(message)}</p>
            <p class="muted">If you contact the organisers, quote this reference: <code data-testid="error-reference">{WebUtility.HtmlEncode(reference)}</code></p>
            <p><a href="/">Back to the convenings</a></p>
            </main></body></html>
            """);
    }

    /// <summary>Unhandled exceptions: logged with the reference, answered with a page that says what to do.</summary>
    public static IApplicationBuilder UseEventsErrorPages(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is BadHttpRequestException bad)
                {
                    // The client's fault (too large, malformed): say so, with its status (413, 400, …).
                    await WriteAsync(context, bad.StatusCode, "This request could not be handled",
                        bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                            ? "What you sent is too large. A flyer can be at most 5 MB; other forms take much less."
                            : "What you sent could not be read. Go back, check the form and try again.");
                    return;
                }
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Events.Errors")
                    .LogError(error, "Unhandled error, reference {Reference}", Reference(context));
                await WriteAsync(context, StatusCodes.Status500InternalServerError, "Something went wrong",
                    "The page could not be shown. Please try again in a moment.");
            },
            // The handler writes the page itself; nothing is re-executed.
            AllowStatusCode404Response = true,
        });
}
