using Events.Server.Convenings;
using Events.Server.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Events.Server.Accounts;

/// <summary>
/// Who must have two-factor sign-in before using staff pages, and which pages those are. When the site setting is on, the
/// accounts that can read attendee lists, everyone's development mail or a Q&amp;A's pending questions (Admins, Organisers,
/// Moderators, and anyone listed as a convening's organiser) are kept out of the staff pages until they enrol; their
/// participant pages keep working. Enforced for HTTP by <see cref="StaffTwoFactorMiddleware"/> and for the live Q&amp;A hub
/// by <see cref="QandA.QaTwoFactorFilter"/>, both asking this class.
/// </summary>
public sealed class StaffTwoFactorRule(IOptions<StaffTwoFactorOptions> options, IDbContextFactory<EventsDbContext> dbFactory)
{
    public const string EnrolmentPath = "/account/two-factor";
    public const string Refusal =
        "Your role requires two-factor sign-in. Set it up at " + EnrolmentPath + " to use the organiser, moderator and admin pages.";

    public bool Required => options.Value.RequireTwoFactorForStaff;

    /// <summary>The setting is on and this account is staff, whether or not it has enrolled.</summary>
    public async Task<bool> AppliesToAsync(Guid userId) => Required && (await StandingAsync(userId)).IsStaff;

    /// <summary>The setting is on, the account is staff, and it has no two-factor sign-in yet.</summary>
    public async Task<bool> MustEnrolAsync(Guid? userId)
    {
        if (!Required || userId is not { } id) return false;
        var standing = await StandingAsync(id);
        return standing.IsStaff && !standing.TwoFactorEnabled;
    }

    /// <summary>Organiser pages, check-in desks, admin pages, and the Q&amp;A's moderator, projector and export addresses.</summary>
    public static bool IsStaffPath(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return false;
        bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
        return Is(segments[0], "organise") || Is(segments[0], "admin") || Is(segments[0], "checkin")
               || (Is(segments[0], "qa") && segments.Length == 3 && (Is(segments[2], "moderate") || Is(segments[2], "present") || Is(segments[2], "questions.csv")));
    }

    private async Task<(bool IsStaff, bool TwoFactorEnabled)> StandingAsync(Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var staffRoleHolders = EventAccess.RoleHolders(db, EventAccess.Admin, EventAccess.Organiser, EventAccess.Moderator);
        var standing = await db.Users.Where(u => u.Id == userId).Select(u => new
        {
            IsStaff = staffRoleHolders.Contains(u.Id) || db.ConveningOrganisers.Any(o => o.UserId == u.Id),
            u.TwoFactorEnabled,
        }).SingleOrDefaultAsync();
        return standing is null ? (false, false) : (standing.IsStaff, standing.TwoFactorEnabled);
    }
}
