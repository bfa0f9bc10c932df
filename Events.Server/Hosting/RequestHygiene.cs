namespace Events.Server.Hosting;

/// <summary>
/// Input that no page can use is refused up front with a 400 and a message, instead of failing deep inside (PostgreSQL
/// refuses NUL characters in text, which surfaced as 500s). HEAD is answered like GET everywhere: uptime monitors and
/// link checkers use it, and Kestrel sends the headers without the body.
/// </summary>
public static class RequestHygiene
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method)) { await next(context); return; }
        context.Request.Method = HttpMethods.Get;
        // Headers as for GET, no body, whichever server runs the app.
        context.Response.Body = Stream.Null;
        context.Response.OnStarting(() => { context.Request.Method = HttpMethods.Head; return Task.CompletedTask; });
        await next(context);
    });

    public static IApplicationBuilder UseInputChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var bad = HasNul(request.Path.Value) || request.Query.Any(q => HasNul(q.Key) || q.Value.Any(HasNul));
        // Small url-encoded forms only (uploads are checked by their endpoints), and not again when an error page re-runs the request.
        if (!bad && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                bad = form.Any(f => HasNul(f.Key) || f.Value.Any(HasNul));
            }
            catch (InvalidDataException) { bad = true; } // the framework's own refusal of NUL and malformed encoding
        }
        if (bad)
        {
            await ErrorPages.WriteAsync(context, StatusCodes.Status400BadRequest, "This request could not be handled",
                "The address or form contains a character that is not allowed (a NUL character). Remove it and try again.");
            return;
        }
        await next(context);
    });

    private static bool HasNul(string? value) => value is not null && value.Contains('\0');
}
