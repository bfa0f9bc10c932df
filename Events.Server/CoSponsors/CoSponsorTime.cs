using Events.Shared.CoSponsors;
using Events.Shared.Convenings;

namespace Events.Server.CoSponsors;

/// <summary>Stored times (UTC) as the pages show them, and what the clock makes of an invitation's status.</summary>
internal static class CoSponsorTime
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    public static DateTimeOffset Local(DateTime utc, string zone) => ConveningClock.ToLocal(Utc(utc), zone);

    public static DateTimeOffset? Local(DateTime? utc, string zone) => utc is { } u ? Local(u, zone) : null;

    /// <summary>What the board shows: an unanswered invitation whose link has run out is expired.</summary>
    public static InvitationStatus EffectiveStatus(string status, DateTime? tokenExpiresAt, DateTime now)
    {
        var parsed = CoSponsorCodes.ParseStatus(status);
        return CoSponsorCodes.IsPending(parsed) && tokenExpiresAt is { } expires && expires <= now ? InvitationStatus.Expired : parsed;
    }
}
