using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Events.Client.Shared;

/// <summary>
/// For pages with their own "not found" message (a convening, an event, a co-sponsor link). On .NET 10 a 404 set while
/// a page renders is answered by re-running the request to /not-found; the page hands its message over through the
/// request, and the not-found page shows it instead of the general one.
/// </summary>
public static class OwnNotFound
{
    private const string ContentKey = "Events.NotFoundContent";

    public static void Respond(HttpContext? http, RenderFragment content)
    {
        if (http is not { Response.HasStarted: false }) return;
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Items[ContentKey] = content;
    }

    public static RenderFragment? ContentFor(HttpContext? http) => http?.Items[ContentKey] as RenderFragment;
}
