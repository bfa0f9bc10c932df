using System.Globalization;
using System.Text;
using CsvHelper;
using Events.Shared.Accounts;
using Events.Shared.Registrations;
using Events.Shared.Site;

namespace Events.Server.Registrations;

/// <summary>The attendee list as CSV for the event's organisers. Erased participants appear only as a count-keeping row without any data.</summary>
public static class AttendeeExport
{
    public static string ToCsv(IEnumerable<AttendeeRow> attendees)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        foreach (var header in new[] { "Name", "E-mail", "Organisation", "Stakeholder group", "Country", "Accessibility needs", "Interpretation needs",
                     "May publish name", "May photograph", "Status", "Registered (UTC)", "Checked in (UTC)" })
            csv.WriteField(header);
        csv.NextRecord();
        foreach (var a in attendees)
        {
            csv.WriteField(Defuse(a.Name));
            csv.WriteField(Defuse(a.Email));
            csv.WriteField(Defuse(a.Organisation));
            csv.WriteField(a.Group is { } g ? RegistrationCodes.GroupLabel(g) : "");
            csv.WriteField(Defuse(a.Country));
            csv.WriteField(Defuse(a.AccessibilityNeeds));
            csv.WriteField(Defuse(a.InterpretationNeeds));
            csv.WriteField(a.Erased ? "" : a.ConsentPublishName ? "yes" : "no");
            csv.WriteField(a.Erased ? "" : a.ConsentPhotograph ? "yes" : "no");
            csv.WriteField(RegistrationCodes.Status(a.Status));
            csv.WriteField(a.Erased ? "" : TimeText.Stamp(a.RegisteredAt.ToUniversalTime()));
            csv.WriteField(a.CheckedInAt is { } at ? TimeText.Stamp(at.ToUniversalTime()) : "");
            csv.NextRecord();
        }
        return text.ToString();
    }

    /// <summary>Spreadsheets run cells that start with = + - @ as formulas; a leading apostrophe keeps a hostile name as text.</summary>
    private static string Defuse(string? value) =>
        value is { Length: > 0 } && "=+-@\t\r".Contains(value[0]) ? "'" + value : value ?? "";

    public static IEndpointRouteBuilder MapRegistrationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/organise/events/{id:guid}/attendees.csv", async (Guid id, HttpContext http, IRegistrationQueries registrations) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId) return Results.Unauthorized();
            if (await registrations.SettingsAsync(userId, id) is null) return Results.NotFound();
            var csv = ToCsv(await registrations.AttendeesAsync(userId, id));
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", $"attendees-{id.ToString()[..8]}.csv");
        }).RequireAuthorization();
        return endpoints;
    }
}
