namespace Events.Shared.Registrations;

/// <summary>What a participant does: register (or join the waitlist, or ask for approval), and cancel.</summary>
public interface IParticipantRegistrations
{
    Task<RegistrationOutcome> RegisterAsync(Guid userId, Guid sideEventId, string? invitationToken = null);
    Task<RegistrationOutcome> CancelAsync(Guid userId, Guid registrationId);
}
