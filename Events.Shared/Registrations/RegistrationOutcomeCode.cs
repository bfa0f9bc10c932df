namespace Events.Shared.Registrations;

/// <summary>
/// What a registration action came to. Pages get the code (in a redirect's query string too) and show the text from
/// <see cref="RegistrationOutcomeTexts"/>: a crafted link can pick one of these sentences, never put its own words on the site.
/// </summary>
public enum RegistrationOutcomeCode
{
    Registered,
    Waitlisted,
    Pending,
    AlreadyRegistered,
    AlreadyWaitlisted,
    AlreadyPending,
    NoSuchEvent,
    ConveningNotOpen,
    EventCancelled,
    EventOver,
    InvitationInvalid,
    Cancelled,
    AlreadyCancelled,
    NoSuchRegistration,
}

public static class RegistrationOutcomeTexts
{
    public static string Text(RegistrationOutcomeCode code) => code switch
    {
        RegistrationOutcomeCode.Registered => "You are registered. A confirmation with a calendar entry is on its way to your inbox.",
        RegistrationOutcomeCode.Waitlisted => "The event is full: you are on the waitlist, and we will e-mail you if a seat frees up.",
        RegistrationOutcomeCode.Pending => "Your request is with the organisers; we will e-mail you their answer.",
        RegistrationOutcomeCode.AlreadyRegistered => "You are already registered for this event.",
        RegistrationOutcomeCode.AlreadyWaitlisted => "You are already on the waitlist for this event.",
        RegistrationOutcomeCode.AlreadyPending => "Your request is already with the organisers.",
        RegistrationOutcomeCode.NoSuchEvent => "There is no such event open for registration.",
        RegistrationOutcomeCode.ConveningNotOpen => "Registration for this convening is not open.",
        RegistrationOutcomeCode.EventCancelled => "This side event has been cancelled, so registration is closed.",
        RegistrationOutcomeCode.EventOver => "This side event is over, so registration is closed.",
        RegistrationOutcomeCode.InvitationInvalid => "This event is by invitation only, and this invitation link is not valid: it may have been used already, revoked or mistyped. Ask the organisers for a new one.",
        RegistrationOutcomeCode.Cancelled => "Your registration is cancelled.",
        RegistrationOutcomeCode.AlreadyCancelled => "This registration was already cancelled.",
        RegistrationOutcomeCode.NoSuchRegistration => "There is no such registration.",
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    /// <summary>The code in a query string ("registered"), or null for anything that is not one of ours.</summary>
    public static RegistrationOutcomeCode? Parse(string? value) =>
        value is { Length: > 0 and <= 40 } && Enum.TryParse<RegistrationOutcomeCode>(value, ignoreCase: true, out var code) && Enum.IsDefined(code) && !char.IsDigit(value[0])
            ? code : null;

    public static string ToQuery(RegistrationOutcomeCode code) => code.ToString().ToLowerInvariant();
}
