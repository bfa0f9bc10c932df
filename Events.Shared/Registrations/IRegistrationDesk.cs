namespace Events.Shared.Registrations;

/// <summary>What an event's organisers do with its registrations: decide, remove, invite, check in, and set how people register.</summary>
public interface IRegistrationDesk
{
    Task<OperationResult> DecideAsync(Guid organiserId, Guid registrationId, bool approve, string? message);
    Task<OperationResult> RemoveAsync(Guid organiserId, Guid registrationId, string? message);
    Task<OperationResult> UpdateSettingsAsync(Guid organiserId, Guid sideEventId, RegistrationSettings settings);
    /// <summary>Creates personal invitation links and mails them; returns how many were sent.</summary>
    Task<OperationResult> InviteAsync(Guid organiserId, Guid sideEventId, IReadOnlyList<string> emails);
    Task<CheckInResult> CheckInAsync(Guid staffId, Guid sideEventId, string code);
}
