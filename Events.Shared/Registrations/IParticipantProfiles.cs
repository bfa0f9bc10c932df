namespace Events.Shared.Registrations;

/// <summary>The optional details a participant gives organisers, and their consents.</summary>
public interface IParticipantProfiles
{
    Task<ParticipantProfileForm> ProfileAsync(Guid userId);
    Task<OperationResult> SaveProfileAsync(Guid userId, ParticipantProfileForm form);
}
