using System.Diagnostics;
using System.Net;
using Events.Shared.Site;
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

    /// <summary>
    /// Error statuses without a body get the site's page for them (/not-found, which also shows a page's own not-found
    /// message): the request is run again as a GET of that page, whatever its method (re-running a form post as a post
    /// would post again), in a fresh scope (the page that set the status may have started Blazor services, which cannot
    /// start twice in one scope). The status stays what it was.
    /// </summary>
    public static void UseEventsStatusPages(this IApplicationBuilder app) => app.UseStatusCodePages(async context =>
    {
        var http = context.HttpContext;
        var request = http.Request;
        var (originalMethod, originalPath, originalQuery, originalServices) = (request.Method, request.Path, request.QueryString, http.RequestServices);
        var originalEndpoint = http.GetEndpoint();
        http.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
        {
            OriginalPathBase = request.PathBase.Value!, OriginalPath = originalPath.Value!, OriginalQueryString = originalQuery.HasValue ? originalQuery.Value : null,
            Endpoint = originalEndpoint, RouteValues = new(http.Request.RouteValues),
        });
        http.SetEndpoint(null);
        http.Request.RouteValues.Clear();
        request.Method = HttpMethods.Get;
        request.Path = "/not-found";
        request.QueryString = QueryString.Empty;
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        http.RequestServices = scope.ServiceProvider;
        try
        {
            await context.Next(http);
        }
        finally
        {
            (request.Method, request.Path, request.QueryString, http.RequestServices) = (originalMethod, originalPath, originalQuery, originalServices);
            http.SetEndpoint(originalEndpoint);
            http.Features.Set<IStatusCodeReExecuteFeature>(null);
        }
    });

    /// <summary>Unhandled exceptions: logged with the reference, answered with a page that says what to do.</summary>
    public static IApplicationBuilder UseEventsErrorPages(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is InvalidDataException)
                {
                    // A form the framework cannot decode (a NUL character, broken encoding, too many fields).
                    await WriteAsync(context, StatusCodes.Status400BadRequest, "This request could not be handled",
                        "The form contains something that is not allowed (a NUL character or broken encoding). Go back, check it and try again.");
                    return;
                }
                if (error is BadHttpRequestException bad)
                {
                    // The client's fault (too large, malformed): say so, with its status (413, 400, …).
                    var (badTitle, badMessage) = StatusMessages.For(bad.StatusCode);
                    await WriteAsync(context, bad.StatusCode, badTitle, badMessage);
                    return;
                }
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Events.Errors")
                    .LogError(error, "Unhandled error, reference {Reference}", Reference(context));
                var (title, message) = StatusMessages.For(StatusCodes.Status500InternalServerError);
                await WriteAsync(context, StatusCodes.Status500InternalServerError, title, message);
            },
            // The handler writes the page itself; nothing is re-executed.
            AllowStatusCode404Response = true,
        });
}
