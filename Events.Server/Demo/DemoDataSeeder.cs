using Events.Server.Convenings;
using Events.Server.CoSponsors;
using Events.Server.Database;
using Events.Server.SideEvents;
using Events.Shared.Convenings;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Demo;

/// <summary>
/// Demo data behind --seed-demo (Events:SeedDemo=true): a two-week CSW-style session with side events at UN Headquarters
/// and nearby venues, and a three-day Wilton Park-style dialogue. Each convening is written in one transaction and skipped
/// when its slug exists, so running twice (or two instances at once) never duplicates anything.
/// </summary>
public sealed class DemoDataSeeder(IDbContextFactory<EventsDbContext> dbFactory, ILogger<DemoDataSeeder> logger)
{
    public const string CswSlug = "csw71";
    public const string DialogueSlug = "wilton-dialogue-2027";

    private static readonly string[] CswTitles =
    [
        "Ending violence against women human rights defenders online",
        "Feminist foreign policy: from commitments to budgets",
        "Rural women and climate-resilient agriculture",
        "Care economy: counting unpaid work in national accounts",
        "Women's land rights in post-conflict settings",
        "Closing the gender digital divide in least developed countries",
        "Financing women's organisations: what donors can do better",
        "Girls' secondary education in emergencies",
        "Sexual and reproductive health services in humanitarian crises",
        "Women, peace and security: 25 years of national action plans",
        "Indigenous women's leadership in biodiversity governance",
        "Gender-responsive social protection systems",
        "Ending child, early and forced marriage by 2030",
        "Women migrant workers and fair recruitment",
        "Safe cities and public spaces for women and girls",
        "Disability inclusion in gender equality strategies",
        "Women's economic empowerment through trade",
        "Preventing femicide: data, laws and services",
        "Young feminist movements and intergenerational dialogue",
        "Gender equality in artificial intelligence governance",
        "Menstrual health and dignity in schools",
        "Older women's rights and pensions",
        "Women in local government: quotas that work",
        "Protecting journalists who report on gender-based violence",
        "Gender statistics for the SDGs: filling the gaps",
        "Women's access to justice in plural legal systems",
        "Parliamentarians for gender-responsive budgeting",
        "Conflict-related sexual violence: survivor-centred reparations",
        "Women in science, technology, engineering and mathematics",
        "Cash transfers and women's agency",
        "Engaging men and boys for gender equality",
        "LBTIQ women's rights and civic space",
        "Women's health across the life course",
        "Ending female genital mutilation: community-led approaches",
        "Women refugees as first responders",
        "Tax policy and gender equality",
        "Women-led businesses and public procurement",
        "Water, sanitation and the time poverty of women",
        "Women human rights defenders and reprisals at the UN",
        "Gender and disaster risk reduction in small island States",
        "Decent work for domestic workers",
        "Women's political participation after elections",
        "Mental health of women in conflict-affected areas",
        "Beijing+30: what the next five years must deliver",
    ];

    private static readonly string[] Themes =
        ["Violence against women", "Economic empowerment", "Peace and security", "Climate", "Health", "Education", "Participation", "Digital"];

    private static readonly string[] Organisations =
    [
        "Women's Rights Action Network", "Global Fund for Women Defenders", "Feminist Alliance for Rights", "Equality Now",
        "International Women's Development Agency", "Asia Pacific Forum on Women, Law and Development", "FEMNET",
        "Red de Mujeres de América Latina", "Nordic Gender Institute", "Pacific Women's Network",
    ];

    private static readonly (string Name, string Title, string Organisation)[] People =
    [
        ("Amina Yusuf", "Executive Director", "Women's Rights Action Network"),
        ("María José Fernández", "Minister for Women", "Government of Chile"),
        ("Li Wei", "Senior Adviser", "UN Women"),
        ("Ngozi Okafor", "Programme Officer", "UNFPA"),
        ("Sophie Laurent", "Ambassador", "Permanent Mission of France"),
        ("Priya Raman", "Researcher", "Asia Pacific Forum on Women, Law and Development"),
        ("Fatima Al-Sayed", "Human rights defender", "Civil society"),
        ("Johanna Nilsson", "State Secretary", "Government of Sweden"),
        ("Grace Mwangi", "Founder", "Young Feminists Kenya"),
        ("Ana Paula Souza", "Professor", "University of São Paulo"),
        ("Olena Kovalenko", "Director", "Ukrainian Women's Fund"),
        ("Tevita Fifita", "Coordinator", "Pacific Women's Network"),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await SeedConveningAsync(CswSlug, SeedCswAsync, cancellationToken);
        await SeedConveningAsync(DialogueSlug, SeedDialogueAsync, cancellationToken);
    }

    private async Task SeedConveningAsync(string slug, Func<EventsDbContext, Task> seed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Serialise seeders so that two instances starting together do not both write the same convening.
        await SqlDialect.Of(db).LockNameAsync(db, "events-demo-seed");
        if (await db.Convenings.AnyAsync(c => c.Slug == slug, cancellationToken))
            return;
        await seed(db);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Seeded demo convening {Slug}", slug);
    }

    private static async Task SeedCswAsync(EventsDbContext db)
    {
        const string zone = "America/New_York";
        var start = new DateOnly(2027, 3, 8);
        var end = new DateOnly(2027, 3, 19);
        var convening = AddConvening(db, new Convening
        {
            Slug = CswSlug, Name = "Commission on the Status of Women, seventy-first session (CSW71) – side events", Kind = "un_session",
            StartsOn = start, EndsOn = end, TimeZone = zone, OrganisingOrganisation = "NGO Committee on the Status of Women",
            DescriptionMd = "Side events held alongside the **seventy-first session** of the Commission on the Status of Women, " +
                            "at United Nations Headquarters and nearby venues in New York.\n\nAll times are New York time.",
            Visibility = "public", ChangeoverMinutes = 15,
        });

        var unhq = AddVenue(db, convening, "United Nations Headquarters", "405 East 42nd Street, New York, NY 10017");
        var churchCenter = AddVenue(db, convening, "Church Center for the United Nations", "777 United Nations Plaza, New York, NY 10017");
        var online = AddVenue(db, convening, "Online", null);
        Room[] rooms =
        [
            AddRoom(db, unhq, "Conference Room 6", 150, "Step-free access from the visitors' entrance; hearing loop.", "in_person"),
            AddRoom(db, unhq, "Conference Room 11", 120, "Step-free access; wheelchair spaces at the front.", "in_person"),
            AddRoom(db, unhq, "Conference Room 12", 120, "Step-free access; wheelchair spaces at the front.", "in_person"),
            AddRoom(db, churchCenter, "Hardin Room", 60, "Lift to the 2nd floor.", "in_person"),
            AddRoom(db, churchCenter, "10th Floor Hall", 90, "Lift; accessible toilets on the floor.", "in_person"),
            AddRoom(db, online, "Online room", 1000, "Live captions in English.", "virtual"),
        ];
        (TimeOnly Start, TimeOnly End)[] slots =
        [
            (new(8, 30), new(9, 45)), (new(10, 0), new(11, 15)), (new(11, 30), new(12, 45)),
            (new(13, 15), new(14, 30)), (new(15, 0), new(16, 15)), (new(16, 30), new(17, 45)),
        ];
        var weekdays = Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Select(start.AddDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();

        var states = (await db.States.AsNoTracking()
                .Where(s => s.Status == "member" && s.RegionalGroup != null)
                .OrderBy(s => s.Iso3)
                .Select(s => new { s.Iso3, s.Name, Group = s.RegionalGroup! })
                .ToListAsync())
            .GroupBy(s => s.Group).ToDictionary(g => g.Key, g => g.ToList());
        var groups = states.Keys.OrderBy(k => k).ToList();
        string[] entities = ["UN-WOMEN", "OHCHR", "UNFPA", "UNDP", "UNICEF", "UNHCR"];
        var entityNames = await db.UnEntities.AsNoTracking().Where(u => entities.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name);

        for (var i = 0; i < CswTitles.Length; i++)
        {
            var day = weekdays[i % weekdays.Count];
            var slot = slots[(i / weekdays.Count + i) % slots.Length];
            var room = rooms[i % rooms.Length];
            var format = room.Mode == "virtual" ? "virtual" : i % 4 == 0 ? "hybrid" : "in_person";
            var sideEvent = new SideEvent
            {
                Id = Guid.NewGuid(), ConveningId = convening.Id, Kind = "side_event", Title = CswTitles[i],
                AbstractMd = $"A side event on **{CswTitles[i].ToLowerInvariant()}**, bringing together Member States, UN entities and civil society " +
                             "to share evidence and commitments ahead of the agreed conclusions.",
                Themes = [Themes[i % Themes.Length], Themes[(i + 3) % Themes.Length]],
                ProposingOrganisation = Organisations[i % Organisations.Length], Format = format, Status = "scheduled", RoomId = room.Id,
                StartsAt = ConveningClock.ToUtc(day, slot.Start, zone).UtcDateTime, EndsAt = ConveningClock.ToUtc(day, slot.End, zone).UtcDateTime,
                Capacity = Math.Min(room.Capacity, 80 + i % 5 * 10),
                Languages = i % 3 == 0 ? ["English", "Spanish"] : ["English"],
                Interpretation = i % 3 == 0 ? "English–Spanish interpretation" : null,
                WebcastUrl = format == "in_person" ? null : $"https://webtv.example.org/csw71/{i + 1}",
                AccessibilityInfo = "International Sign interpretation on request; live captions.",
            };
            db.SideEvents.Add(sideEvent);
            db.SideEventHistory.Add(new SideEventHistory { SideEventId = sideEvent.Id, Action = "scheduled", Detail = "Demo data" });

            for (var s = 0; s < 3; s++)
            {
                var person = People[(i + s * 5) % People.Length];
                db.Speakers.Add(new Speaker
                {
                    SideEventId = sideEvent.Id, Role = s == 0 ? "moderator" : "speaker", Name = person.Name, Title = person.Title,
                    Organisation = person.Organisation, Bio = $"{person.Name} works on gender equality at {person.Organisation}.",
                    // Defenders at risk ask not to be named on public pages.
                    PublishName = person.Title != "Human rights defender", SortOrder = s,
                });
            }

            // Three to five States from a rotating set of regional groups, plus a UN entity; one invitation still pending.
            var sponsorCount = 3 + i % 3;
            var sponsoringStates = new HashSet<string>();
            for (var c = 0; c < sponsorCount; c++)
            {
                var group = groups[(i + c) % groups.Count];
                var state = states[group][(i * 7 + c * 3) % states[group].Count];
                if (!sponsoringStates.Add(state.Iso3)) continue;
                db.CoSponsorships.Add(new CoSponsorship
                {
                    SideEventId = sideEvent.Id, SponsorKind = "state", StateIso3 = state.Iso3, DisplayName = state.Name,
                    Status = c == sponsorCount - 1 && i % 2 == 0 ? "invited" : "confirmed",
                });
            }
            var entity = entities[i % entities.Length];
            if (entityNames.TryGetValue(entity, out var entityName))
                db.CoSponsorships.Add(new CoSponsorship
                {
                    SideEventId = sideEvent.Id, SponsorKind = "un_entity", UnEntityCode = entity, DisplayName = entityName, Status = "confirmed",
                });
        }
    }

    private static Task SeedDialogueAsync(EventsDbContext db)
    {
        const string zone = "Europe/London";
        var start = new DateOnly(2027, 2, 15);
        var convening = AddConvening(db, new Convening
        {
            Slug = DialogueSlug, Name = "Financing gender equality: a multistakeholder dialogue", Kind = "dialogue",
            StartsOn = start, EndsOn = start.AddDays(2), TimeZone = zone, OrganisingOrganisation = "Wilton Park-style dialogue secretariat",
            DescriptionMd = "Three days of frank discussion between governments, UN bodies, donors, businesses and civil society. " +
                            "The dialogue is held under the **Chatham House Rule**: participants may use what is said, but not say who said it.",
            Visibility = "public", ChathamHouse = true, ChangeoverMinutes = 0,
        });
        var house = AddVenue(db, convening, "Wiston House", "Steyning, West Sussex BN44 3DZ, United Kingdom");
        var hall = AddRoom(db, house, "Main Hall", 80, "Step-free access; hearing loop.", "in_person");
        Room[] groupRooms =
        [
            AddRoom(db, house, "Library", 25, "Step-free access.", "in_person"),
            AddRoom(db, house, "Garden Room", 25, "Step-free access through the terrace.", "in_person"),
            AddRoom(db, house, "Oak Room", 20, "First floor, lift available.", "in_person"),
        ];
        string[][] programme =
        [
            ["Opening plenary: where the money for gender equality goes", "Working group A: official development assistance",
             "Working group B: domestic resource mobilisation", "Working group C: private capital", "Plenary: reports from the working groups"],
            ["Plenary: feminist funds and movement resourcing", "Working group A: flexible core funding", "Working group B: risk and accountability",
             "Working group C: philanthropy partnerships", "Plenary: what would change practice?"],
            ["Plenary: commitments and next steps", "Working group A: drafting the recommendations", "Working group B: measuring progress",
             "Working group C: communicating the outcome", "Closing plenary"],
        ];
        for (var d = 0; d < programme.Length; d++)
        {
            var day = start.AddDays(d);
            var sessions = programme[d];
            AddDialogueSession(db, convening, zone, day, new(9, 30), new(11, 0), "plenary", sessions[0], hall);
            for (var g = 0; g < 3; g++)
                AddDialogueSession(db, convening, zone, day, new(11, 30), new(13, 0), "working_group", sessions[g + 1], groupRooms[g]);
            AddDialogueSession(db, convening, zone, day, new(14, 30), new(16, 0), "plenary", sessions[4], hall);
        }
        return Task.CompletedTask;
    }

    private static void AddDialogueSession(EventsDbContext db, Convening convening, string zone, DateOnly day,
        TimeOnly from, TimeOnly to, string kind, string title, Room room) =>
        db.SideEvents.Add(new SideEvent
        {
            Id = Guid.NewGuid(), ConveningId = convening.Id, Kind = kind, Title = title,
            AbstractMd = kind == "plenary" ? "All participants together." : "A smaller group; each reports back to the plenary.",
            Themes = [], ProposingOrganisation = "Dialogue secretariat", Format = "in_person", Status = "scheduled", RoomId = room.Id,
            StartsAt = ConveningClock.ToUtc(day, from, zone).UtcDateTime, EndsAt = ConveningClock.ToUtc(day, to, zone).UtcDateTime, Languages = [],
        });

    // Ids are chosen here so that the whole convening goes to the database in one batch.
    private static Convening AddConvening(EventsDbContext db, Convening convening)
    {
        convening.Id = Guid.NewGuid();
        db.Convenings.Add(convening);
        return convening;
    }

    private static Venue AddVenue(EventsDbContext db, Convening convening, string name, string? address)
    {
        var venue = new Venue { Id = Guid.NewGuid(), ConveningId = convening.Id, Name = name, Address = address };
        db.Venues.Add(venue);
        return venue;
    }

    private static Room AddRoom(EventsDbContext db, Venue venue, string name, int capacity, string accessibility, string mode)
    {
        var room = new Room
        {
            Id = Guid.NewGuid(), ConveningId = venue.ConveningId, VenueId = venue.Id, Name = name, Capacity = capacity,
            AccessibilityNotes = accessibility, Mode = mode,
        };
        db.Rooms.Add(room);
        return room;
    }
}
