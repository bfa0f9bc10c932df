using Events.Shared.Accounts;
using Events.Shared.SideEvents;
using Events.Server.Hosting;

namespace Events.Server.SideEvents;

public static class SideEventEndpoints
{
    public static IEndpointRouteBuilder MapSideEventEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Upload from the "My proposals" page: a plain multipart form, so nothing is streamed through the circuit.
        endpoints.MapPost("/my/proposals/{id:guid}/flyer", async (Guid id, IFormFile? flyer, HttpContext http, ISideEventWorkflow workflow) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId) return Results.Unauthorized();
            if (flyer is null) return Results.LocalRedirect("/my/proposals?error=missing");
            if (flyer.Length > FlyerRules.MaxBytes) return Results.LocalRedirect("/my/proposals?error=too-large");
            using var buffer = new MemoryStream();
            await flyer.CopyToAsync(buffer);
            var result = await workflow.AttachFlyerAsync(userId, id, flyer.FileName, buffer.ToArray());
            return Results.LocalRedirect(result.Succeeded ? "/my/proposals?flyer=ok" : "/my/proposals?error=" + FlyerUploadErrors.CodeOf(result.Error));
        }).RequireAuthorization().RequireAntiforgery()
          // Read uploads a little over the limit whole, so that a too-large flyer gets the page's message rather than a
          // connection cut mid-upload; far larger bodies are refused by Kestrel with a 413 page.
          .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(3 * FlyerRules.MaxBytes));

        endpoints.MapGet("/e/{id:guid}/flyer", async (Guid id, SideEventWorkflowService workflow, HttpContext http) =>
        {
            var flyer = await workflow.PublicFlyerAsync(id);
            if (flyer is null) return Results.NotFound();
            // Served as a download with its checked type; never sniffed into something else by the browser.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; object-src 'self'; sandbox";
            return Results.File(flyer.Content, flyer.ContentType, flyer.FileName);
        });
        return endpoints;
    }
}
