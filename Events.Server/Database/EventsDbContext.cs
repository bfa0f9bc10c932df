using Events.Server.Accounts;
using Events.Server.Calendar;
using Events.Server.Convenings;
using Events.Server.CoSponsors;
using Events.Server.Email;
using Events.Server.QandA;
using Events.Server.ReferenceData;
using Events.Server.Registrations;
using Events.Server.SideEvents;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Database;

/// <summary>
/// The app's data on EF Core. Each feature keeps its entities and their mappings in its own Data folder; they are picked
/// up from this assembly. Services create a short-lived context per operation from the factory (Blazor circuits live
/// long, a context must not). On SQL Server the app uses <see cref="SqlServer.SqlServerEventsDbContext"/>, the same model
/// with its own migrations.
/// </summary>
public class EventsDbContext : IdentityDbContext<EventsUser, EventsRole, Guid>, IDataProtectionKeyContext
{
    public EventsDbContext(DbContextOptions<EventsDbContext> options) : base(options) { }

    /// <summary>For the per-provider context types, which EF tells apart by type (each has its own migrations).</summary>
    protected EventsDbContext(DbContextOptions options) : base(options) { }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<UserRecoveryCode> UserRecoveryCodes => Set<UserRecoveryCode>();
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
    public DbSet<CalendarRemoval> CalendarRemovals => Set<CalendarRemoval>();
    public DbSet<QaSession> QaSessions => Set<QaSession>();
    public DbSet<QaParticipant> QaParticipants => Set<QaParticipant>();
    public DbSet<QaQuestion> QaQuestions => Set<QaQuestion>();
    public DbSet<QaVote> QaVotes => Set<QaVote>();
    public DbSet<OutboxMail> OutboxMails => Set<OutboxMail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's model first; the configurations below put it in the app's own tables and columns.
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.HasSequence("qa_revision");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EventsDbContext).Assembly);
        // The mappings are written for PostgreSQL; what SQL Server spells or enforces differently is changed in one place.
        if (Database.IsSqlServer()) SqlServer.SqlServerModel.Adapt(modelBuilder);
    }
}
