using Events.Shared.Accounts;
using Events.Shared.Registrations;
using Events.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Events.Server.Registrations;

/// <summary>The participant's buttons, as plain form posts: they work on any phone, with or without JavaScript.</summary>
public static class RegistrationEndpoints
{
    public static IEndpointRouteBuilder MapParticipantEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/e/{id:guid}/register", async (Guid id, [FromForm] string? invitation, HttpContext http, IParticipantRegistrations registrations) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId)
                return Results.LocalRedirect($"/account/login?returnUrl={Uri.EscapeDataString($"/e/{id}")}");
            if (invitation is { Length: > 200 }) invitation = null;
            var outcome = await registrations.RegisterAsync(userId, id, invitation);
            return Results.LocalRedirect($"/e/{id}/register?outcome={RegistrationOutcomeTexts.ToQuery(outcome.Code)}");
        }).RequireAntiforgery();

        endpoints.MapPost("/my/registrations/{id:guid}/cancel", async (Guid id, HttpContext http, IParticipantRegistrations registrations) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId) return Results.Unauthorized();
            var outcome = await registrations.CancelAsync(userId, id);
            return Results.LocalRedirect($"/my/registrations?outcome={RegistrationOutcomeTexts.ToQuery(outcome.Code)}");
        }).RequireAuthorization().RequireAntiforgery();
        return endpoints;
    }
}
