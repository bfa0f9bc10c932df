using Events.Server.Registrations;
using Events.Shared.Registrations;

namespace Events.Tests.Infrastructure;

/// <summary>The registration services on a test database, split by audience as in the app.</summary>
public sealed record RegistrationServices(
    IParticipantRegistrations Participants, IRegistrationDesk Desk, IRegistrationQueries Queries, ParticipantProfiles Profiles);
