using Events.Server.Registrations;

namespace Events.Tests.Infrastructure;

/// <summary>The registration services on a test database, split by audience as in the app.</summary>
public sealed record RegistrationServices(
    ParticipantRegistrations Participants, RegistrationDesk Desk, RegistrationQueries Queries, ParticipantProfiles Profiles);
