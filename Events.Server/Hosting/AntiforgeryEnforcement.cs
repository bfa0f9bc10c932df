using Microsoft.AspNetCore.Antiforgery;

namespace Events.Server.Hosting;

/// <summary>
/// Cross-site request forgery protection for every state-changing endpoint, in one place. ASP.NET Core's
/// antiforgery middleware only records its verdict; minimal APIs act on it only when they bind a form, so an
/// endpoint without form parameters (log out, cancel a registration, reset the calendar address) accepted
/// forged posts. Here every endpoint that asks for antiforgery is refused with a 400 and a plain message.
/// </summary>
public static class AntiforgeryEnforcement
{
    public const string RefusalMessage =
        "This form could not be accepted: it has expired or did not come from this site. Go back, reload the page and try again.";

    /// <summary>Marks an endpoint as state-changing: a post without this site's antiforgery token is refused.</summary>
    public static TBuilder RequireAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequireAntiforgeryTokenAttribute(required: true));

    /// <summary>Goes right after UseAntiforgery: acts on its verdict (or validates, if it gave none) before the endpoint runs.</summary>
    public static IApplicationBuilder UseAntiforgeryEnforcement(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (RequiresValidation(context) && !await IsValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(RefusalMessage);
            return;
        }
        await next(context);
    });

    private static bool RequiresValidation(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method) && !HttpMethods.IsTrace(context.Request.Method)
        && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true };

    private static async Task<bool> IsValidAsync(HttpContext context) =>
        context.Features.Get<IAntiforgeryValidationFeature>() is { } verdict
            ? verdict.IsValid
            : await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
}
