using Events.Client.Shared;
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
            if (flyer is null) return Results.LocalRedirect("/my/proposals?error=" + Uri.EscapeDataString("Choose a file to upload."));
            if (flyer.Length > FlyerRules.MaxBytes) return Results.LocalRedirect("/my/proposals?error=" + Uri.EscapeDataString("The flyer can be at most 5 MB."));
            using var buffer = new MemoryStream();
            await flyer.CopyToAsync(buffer);
            var result = await workflow.AttachFlyerAsync(userId, id, flyer.FileName, buffer.ToArray());
            return Results.LocalRedirect(result.Succeeded ? "/my/proposals?flyer=ok" : "/my/proposals?error=" + Uri.EscapeDataString(result.Error!));
        }).RequireAuthorization().RequireAntiforgery()
          .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(FlyerRules.MaxBytes + 64 * 1024));

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
