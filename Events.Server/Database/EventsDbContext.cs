using Events.Server.Accounts;
using Events.Server.Calendar;
using Events.Server.Convenings;
using Events.Server.CoSponsors;
using Events.Server.QandA;
using Events.Server.ReferenceData;
using Events.Server.Registrations;
using Events.Server.SideEvents;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>
/// The app's data on EF Core. Each feature keeps its entities and their mappings in its own Data folder; they are picked
/// up from this assembly. Services create a short-lived context per operation from the factory (Blazor circuits live
/// long, a context must not).
/// </summary>
public sealed class EventsDbContext(DbContextOptions<EventsDbContext> options) : DbContext(options)
{
    public DbSet<EventsUser> Users => Set<EventsUser>();
    public DbSet<EventsRole> Roles => Set<EventsRole>();
    public DbSet<UserRole> UserRoles => Set<UserRole>();
    public DbSet<StateRow> States => Set<StateRow>();
    public DbSet<UnEntityRow> UnEntities => Set<UnEntityRow>();
    public DbSet<Convening> Convenings => Set<Convening>();
    public DbSet<ConveningOrganiser> ConveningOrganisers => Set<ConveningOrganiser>();
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<SideEvent> SideEvents => Set<SideEvent>();
    public DbSet<SideEventHistory> SideEventHistory => Set<SideEventHistory>();
    public DbSet<Speaker> Speakers => Set<Speaker>();
    public DbSet<CoSponsorship> CoSponsorships => Set<CoSponsorship>();
    public DbSet<CoSponsorHistory> CoSponsorHistory => Set<CoSponsorHistory>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<RegistrationInvitation> RegistrationInvitations => Set<RegistrationInvitation>();
    public DbSet<ParticipantProfile> ParticipantProfiles => Set<ParticipantProfile>();
    public DbSet<PersonalCalendarFeed> PersonalCalendarFeeds => Set<PersonalCalendarFeed>();
    public DbSet<QaSession> QaSessions => Set<QaSession>();
    public DbSet<QaParticipant> QaParticipants => Set<QaParticipant>();
    public DbSet<QaQuestion> QaQuestions => Set<QaQuestion>();
    public DbSet<QaVote> QaVotes => Set<QaVote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.HasSequence("qa_revision");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EventsDbContext).Assembly);
    }
}
