using Events.Shared.Site;

namespace Events.Shared.Convenings;

/// <summary>
/// The one rule for when a convening stops taking proposals: at the deadline its organisers set (a moment on the
/// convening's clock, stored in UTC); without one, the other conditions of each page decide. The server refuses late
/// proposals with <see cref="Refusal"/>; pages hide their call to action with <see cref="HasPassed"/>.
/// </summary>
public static class ProposalDeadline
{
    /// <summary>The longest guidelines text organisers may write for proposers.</summary>
    public const int GuidelinesMaxLength = 4000;

    public static bool HasPassed(DateTimeOffset? closesAt, DateTimeOffset now) => closesAt is { } at && now >= at;

    /// <summary>"Monday 1 March 2027, 18:00 (America/New_York)": the deadline on the convening's clock.</summary>
    public static string Describe(DateTimeOffset closesAt, string timeZone) =>
        $"{TimeText.DayAndTime(ConveningClock.ToLocal(closesAt, timeZone))} ({timeZone})";

    public static string Refusal(DateTimeOffset closesAt, string timeZone) =>
        $"Proposals for this convening closed on {Describe(closesAt, timeZone)}. Contact the organisers if you still wish to propose a side event.";

    /// <summary>Whether text may be stored as written: no NUL or other control characters besides line breaks and tabs.</summary>
    public static bool IsPlainText(string text) => !text.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t'));
}
