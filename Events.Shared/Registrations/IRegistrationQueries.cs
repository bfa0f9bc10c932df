namespace Events.Shared.Registrations;

/// <summary>What the registration pages show: the registration box, a participant's own list, and the organisers' views.</summary>
public interface IRegistrationQueries
{
    Task<EventRegistrationInfo?> InfoAsync(Guid sideEventId, Guid? userId);
    Task<IReadOnlyList<MyRegistration>> MineAsync(Guid userId);
    /// <summary>Names of confirmed participants who consented to publication, when the organiser made the list public.</summary>
    Task<IReadOnlyList<string>?> PublicAttendeesAsync(Guid sideEventId);

    Task<RegistrationSettings?> SettingsAsync(Guid organiserId, Guid sideEventId);
    Task<IReadOnlyList<AttendeeRow>> AttendeesAsync(Guid organiserId, Guid sideEventId);
    Task<AttendanceFigures?> FiguresAsync(Guid staffId, Guid sideEventId);
}
