using Dapper;
using Events.Server.Database;
using Events.Shared.Convenings;
using Npgsql;

namespace Events.Server.Demo;

/// <summary>
/// Demo data behind --seed-demo (Events:SeedDemo=true): a two-week CSW-style session with side events at UN Headquarters
/// and nearby venues, and a three-day Wilton Park-style dialogue. Each convening is written in one transaction and skipped
/// when its slug exists, so running twice (or two instances at once) never duplicates anything.
/// </summary>
public sealed class DemoDataSeeder(DatabaseConnections database, ILogger<DemoDataSeeder> logger)
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

    private async Task SeedConveningAsync(string slug, Func<NpgsqlConnection, NpgsqlTransaction, Task> seed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serialise seeders so that two instances starting together do not both write the same convening.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('events-demo-seed'))", transaction: transaction);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM convenings WHERE slug = @slug)", new { slug }, transaction))
            return;
        await seed(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Seeded demo convening {Slug}", slug);
    }

    private static async Task SeedCswAsync(NpgsqlConnection db, NpgsqlTransaction tx)
    {
        const string zone = "America/New_York";
        var start = new DateOnly(2027, 3, 8);
        var end = new DateOnly(2027, 3, 19);
        var convening = await db.ExecuteScalarAsync<Guid>("""
            INSERT INTO convenings (slug, name, kind, starts_on, ends_on, time_zone, organising_organisation, description_md, visibility, changeover_minutes)
            VALUES (@CswSlug, 'Commission on the Status of Women, seventy-first session (CSW71) – side events', 'un_session', @start, @end, @zone,
                    'NGO Committee on the Status of Women', @description, 'public', 15)
            RETURNING id
            """, new
        {
            CswSlug, start = start.ToDateTime(TimeOnly.MinValue), end = end.ToDateTime(TimeOnly.MinValue), zone,
            description = "Side events held alongside the **seventy-first session** of the Commission on the Status of Women, " +
                          "at United Nations Headquarters and nearby venues in New York.\n\nAll times are New York time.",
        }, tx);

        var unhq = await AddVenueAsync(db, tx, convening, "United Nations Headquarters", "405 East 42nd Street, New York, NY 10017");
        var churchCenter = await AddVenueAsync(db, tx, convening, "Church Center for the United Nations", "777 United Nations Plaza, New York, NY 10017");
        var online = await AddVenueAsync(db, tx, convening, "Online", null);
        Guid[] rooms =
        [
            await AddRoomAsync(db, tx, convening, unhq, "Conference Room 6", 150, "Step-free access from the visitors' entrance; hearing loop.", "in_person"),
            await AddRoomAsync(db, tx, convening, unhq, "Conference Room 11", 120, "Step-free access; wheelchair spaces at the front.", "in_person"),
            await AddRoomAsync(db, tx, convening, unhq, "Conference Room 12", 120, "Step-free access; wheelchair spaces at the front.", "in_person"),
            await AddRoomAsync(db, tx, convening, churchCenter, "Hardin Room", 60, "Lift to the 2nd floor.", "in_person"),
            await AddRoomAsync(db, tx, convening, churchCenter, "10th Floor Hall", 90, "Lift; accessible toilets on the floor.", "in_person"),
            await AddRoomAsync(db, tx, convening, online, "Online room", 1000, "Live captions in English.", "virtual"),
        ];
        int[] roomCapacity = [150, 120, 120, 60, 90, 1000];
        (TimeOnly Start, TimeOnly End)[] slots =
        [
            (new(8, 30), new(9, 45)), (new(10, 0), new(11, 15)), (new(11, 30), new(12, 45)),
            (new(13, 15), new(14, 30)), (new(15, 0), new(16, 15)), (new(16, 30), new(17, 45)),
        ];
        var weekdays = Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Select(start.AddDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();

        var states = (await db.QueryAsync<(string Iso3, string Name, string Group)>(
            "SELECT iso3, name, regional_group FROM states WHERE status = 'member' AND regional_group IS NOT NULL ORDER BY iso3", transaction: tx))
            .GroupBy(s => s.Group).ToDictionary(g => g.Key, g => g.ToList());
        var groups = states.Keys.OrderBy(k => k).ToList();
        string[] entities = ["UN-WOMEN", "OHCHR", "UNFPA", "UNDP", "UNICEF", "UNHCR"];

        for (var i = 0; i < CswTitles.Length; i++)
        {
            var day = weekdays[i % weekdays.Count];
            var slot = slots[(i / weekdays.Count + i) % slots.Length];
            var room = i % rooms.Length;
            var format = room == 5 ? "virtual" : i % 4 == 0 ? "hybrid" : "in_person";
            var eventId = await db.ExecuteScalarAsync<Guid>("""
                INSERT INTO side_events (convening_id, kind, title, abstract_md, themes, proposing_organisation, format, status, room_id,
                                         starts_at, ends_at, capacity, languages, interpretation, webcast_url, accessibility_info)
                VALUES (@convening, 'side_event', @title, @abstract, @themes, @organisation, @format, 'scheduled', @room,
                        @startsAt, @endsAt, @capacity, @languages, @interpretation, @webcast, @accessibility)
                RETURNING id
                """, new
            {
                convening, title = CswTitles[i],
                @abstract = $"A side event on **{CswTitles[i].ToLowerInvariant()}**, bringing together Member States, UN entities and civil society " +
                            "to share evidence and commitments ahead of the agreed conclusions.",
                themes = new[] { Themes[i % Themes.Length], Themes[(i + 3) % Themes.Length] },
                organisation = Organisations[i % Organisations.Length], format, room = rooms[room],
                startsAt = ConveningClock.ToUtc(day, slot.Start, zone).UtcDateTime, endsAt = ConveningClock.ToUtc(day, slot.End, zone).UtcDateTime,
                capacity = Math.Min(roomCapacity[room], 80 + i % 5 * 10),
                languages = i % 3 == 0 ? new[] { "English", "Spanish" } : new[] { "English" },
                interpretation = i % 3 == 0 ? "English–Spanish interpretation" : null,
                webcast = format == "in_person" ? null : $"https://webtv.example.org/csw71/{i + 1}",
                accessibility = "International Sign interpretation on request; live captions.",
            }, tx);
            await db.ExecuteAsync("INSERT INTO side_event_history (side_event_id, action, detail) VALUES (@eventId, 'scheduled', 'Demo data')", new { eventId }, tx);

            for (var s = 0; s < 3; s++)
            {
                var person = People[(i + s * 5) % People.Length];
                await db.ExecuteAsync("""
                    INSERT INTO speakers (side_event_id, role, name, title, organisation, bio, publish_name, sort_order)
                    VALUES (@eventId, @role, @Name, @Title, @Organisation, @bio, @publish, @s)
                    """, new
                {
                    eventId, role = s == 0 ? "moderator" : "speaker", person.Name, person.Title, person.Organisation,
                    bio = $"{person.Name} works on gender equality at {person.Organisation}.",
                    // Defenders at risk ask not to be named on public pages.
                    publish = person.Title != "Human rights defender", s,
                });
            }

            // Three to five States from a rotating set of regional groups, plus a UN entity; one invitation still pending.
            var sponsorCount = 3 + i % 3;
            for (var c = 0; c < sponsorCount; c++)
            {
                var group = groups[(i + c) % groups.Count];
                var state = states[group][(i * 7 + c * 3) % states[group].Count];
                await db.ExecuteAsync("""
                    INSERT INTO co_sponsorships (side_event_id, sponsor_kind, state_iso3, display_name, status)
                    VALUES (@eventId, 'state', @Iso3, @Name, @status) ON CONFLICT DO NOTHING
                    """, new { eventId, state.Iso3, state.Name, status = c == sponsorCount - 1 && i % 2 == 0 ? "invited" : "confirmed" }, tx);
            }
            var entity = entities[i % entities.Length];
            await db.ExecuteAsync("""
                INSERT INTO co_sponsorships (side_event_id, sponsor_kind, un_entity_code, display_name, status)
                SELECT @eventId, 'un_entity', code, name, 'confirmed' FROM un_entities WHERE code = @entity
                """, new { eventId, entity }, tx);
        }
    }

    private static async Task SeedDialogueAsync(NpgsqlConnection db, NpgsqlTransaction tx)
    {
        const string zone = "Europe/London";
        var start = new DateOnly(2027, 2, 15);
        var convening = await db.ExecuteScalarAsync<Guid>("""
            INSERT INTO convenings (slug, name, kind, starts_on, ends_on, time_zone, organising_organisation, description_md, visibility, chatham_house, changeover_minutes)
            VALUES (@DialogueSlug, 'Financing gender equality: a multistakeholder dialogue', 'dialogue', @start, @end, @zone,
                    'Wilton Park-style dialogue secretariat', @description, 'public', true, 0)
            RETURNING id
            """, new
        {
            DialogueSlug, start = start.ToDateTime(TimeOnly.MinValue), end = start.AddDays(2).ToDateTime(TimeOnly.MinValue), zone,
            description = "Three days of frank discussion between governments, UN bodies, donors, businesses and civil society. " +
                          "The dialogue is held under the **Chatham House Rule**: participants may use what is said, but not say who said it.",
        }, tx);
        var house = await AddVenueAsync(db, tx, convening, "Wiston House", "Steyning, West Sussex BN44 3DZ, United Kingdom");
        var hall = await AddRoomAsync(db, tx, convening, house, "Main Hall", 80, "Step-free access; hearing loop.", "in_person");
        Guid[] groupRooms =
        [
            await AddRoomAsync(db, tx, convening, house, "Library", 25, "Step-free access.", "in_person"),
            await AddRoomAsync(db, tx, convening, house, "Garden Room", 25, "Step-free access through the terrace.", "in_person"),
            await AddRoomAsync(db, tx, convening, house, "Oak Room", 20, "First floor, lift available.", "in_person"),
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
            await AddDialogueSessionAsync(db, tx, convening, zone, day, new(9, 30), new(11, 0), "plenary", sessions[0], hall);
            for (var g = 0; g < 3; g++)
                await AddDialogueSessionAsync(db, tx, convening, zone, day, new(11, 30), new(13, 0), "working_group", sessions[g + 1], groupRooms[g]);
            await AddDialogueSessionAsync(db, tx, convening, zone, day, new(14, 30), new(16, 0), "plenary", sessions[4], hall);
        }
    }

    private static async Task AddDialogueSessionAsync(NpgsqlConnection db, NpgsqlTransaction tx, Guid convening, string zone, DateOnly day,
        TimeOnly from, TimeOnly to, string kind, string title, Guid room)
    {
        await db.ExecuteAsync("""
            INSERT INTO side_events (convening_id, kind, title, abstract_md, proposing_organisation, format, status, room_id, starts_at, ends_at)
            VALUES (@convening, @kind, @title, @abstract, 'Dialogue secretariat', 'in_person', 'scheduled', @room, @startsAt, @endsAt)
            """, new
        {
            convening, kind, title, room,
            @abstract = kind == "plenary" ? "All participants together." : "A smaller group; each reports back to the plenary.",
            startsAt = ConveningClock.ToUtc(day, from, zone).UtcDateTime, endsAt = ConveningClock.ToUtc(day, to, zone).UtcDateTime,
        }, tx);
    }

    private static Task<Guid> AddVenueAsync(NpgsqlConnection db, NpgsqlTransaction tx, Guid convening, string name, string? address) =>
        db.ExecuteScalarAsync<Guid>("INSERT INTO venues (convening_id, name, address) VALUES (@convening, @name, @address) RETURNING id",
            new { convening, name, address }, tx);

    private static Task<Guid> AddRoomAsync(NpgsqlConnection db, NpgsqlTransaction tx, Guid convening, Guid venue, string name, int capacity,
        string accessibility, string mode) =>
        db.ExecuteScalarAsync<Guid>("""
            INSERT INTO rooms (convening_id, venue_id, name, capacity, accessibility_notes, mode)
            VALUES (@convening, @venue, @name, @capacity, @accessibility, @mode) RETURNING id
            """, new { convening, venue, name, capacity, accessibility, mode }, tx);
}
