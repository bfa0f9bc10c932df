using System.Net;
using System.Net.Http.Headers;
using Events.Tests.Infrastructure;
using Npgsql;

namespace Events.Tests.Security;

/// <summary>Finding 10: every error is a page with a short message and a reference; bad input is a 400; HEAD works like GET.</summary>
public sealed class ErrorAndInputTests
{
    [Theory]
    [InlineData("/c/{slug}?q=a%00b")]
    [InlineData("/c/{slug}/calendar.ics?theme=%00")]
    [InlineData("/e/{event}/event.ics?x=a%00")]
    [InlineData("/e/{event}?x=%00")]
    public async Task A_NUL_byte_in_the_address_is_a_400_with_a_message(string path)
    {
        await using var kit = await SecurityKit.CreateAsync();
        using var client = kit.Client();

        var response = await client.GetAsync(path.Replace("{slug}", kit.Slug).Replace("{event}", kit.EventId.ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("NUL", page.QuerySelector("[data-testid=error-message]")!.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-testid=error-reference]")!.TextContent));
    }

    [Fact]
    public async Task A_NUL_byte_in_a_form_is_a_400_and_changes_nothing()
    {
        await using var kit = await SecurityKit.CreateAsync();
        var (userId, _, client) = await kit.SignedInAsync("Proposer");

        var response = await client.PostFormAsync($"/c/{kit.Slug}/propose", "propose", new Dictionary<string, string>
            { ["Input.Title"] = "Nul\0title", ["Input.ProposingOrganisation"] = "Org", ["Submit"] = "true" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await kit.Data.ScalarAsync<int>("SELECT count(*) FROM side_events WHERE proposer_user_id = @userId", new { userId }));
    }

    [Fact]
    public async Task HEAD_is_answered_like_GET_without_a_body()
    {
        await using var kit = await SecurityKit.CreateAsync();
        using var client = kit.Client();

        foreach (var path in new[] { "/", $"/c/{kit.Slug}", $"/e/{kit.EventId}", "/health", $"/e/{kit.EventId}/event.ics" })
        {
            var get = await client.GetAsync(path);
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/no/such/page"))).StatusCode);
    }

    [Fact]
    public async Task When_the_database_fails_a_page_says_so_with_a_reference_instead_of_a_blank_500()
    {
        await using var kit = await SecurityKit.CreateAsync();
        using var client = kit.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/c/{kit.Slug}")).StatusCode);
        // The database goes away under the running app (a failed disk, an operator's mistake).
        await using (var admin = new NpgsqlConnection(await TestPostgres.AdminConnectionStringAsync("postgres")))
        {
            await admin.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(kit.App.ConnectionString).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var response = await client.GetAsync($"/c/{kit.Slug}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal("Something went wrong", page.QuerySelector("h1")!.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-testid=error-reference]")!.TextContent));
    }

    [Fact]
    public async Task A_six_megabyte_flyer_is_refused_with_the_pages_message_and_a_far_larger_one_with_a_413_page()
    {
        // Kestrel, not the in-memory server: the request size limit is Kestrel's.
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var server = await ServerProcess.StartAsync([$"--ConnectionStrings:Events={connectionString}"]);
        var data = await TestData.ForAsync(connectionString);
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, _, _) = await data.AddConveningAsync(organiser, startsOn: new DateOnly(2030, 3, 4));
        var (userId, email) = await data.AddWithPasswordAsync("Proposer", SecurityKit.Password);
        var proposal = await data.AddAcceptedEventAsync(slug, userId, organiser, "With a big flyer");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };
        await client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = SecurityKit.Password });
        var token = await SecurityKit.AntiforgeryTokenAsync(client, "/my/proposals");

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(new byte[6 * 1024 * 1024]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "flyer", "big.pdf");
        var response = await client.PostAsync($"/my/proposals/{proposal}/flyer", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my/proposals?error=too-large", response.Headers.Location!.OriginalString);
        Assert.Contains("at most 5 MB", (await client.GetDocumentAsync("/my/proposals?error=too-large")).QuerySelector("[data-testid=proposals-error]")!.TextContent);

        // Far beyond any flyer: Kestrel stops reading; whatever the client gets to see is the 413 page, never a 500.
        using var huge = new MultipartFormDataContent();
        huge.Add(new StringContent(token), "__RequestVerificationToken");
        huge.Add(new ByteArrayContent(new byte[40 * 1024 * 1024]), "flyer", "huge.pdf");
        try
        {
            var refused = await client.PostAsync($"/my/proposals/{proposal}/flyer", huge);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Contains("too large", (await refused.ReadDocumentAsync()).QuerySelector("[data-testid=error-message]")!.TextContent);
        }
        catch (HttpRequestException) { /* the server closed the connection before the whole upload was sent */ }
        Assert.DoesNotContain("fail:", server.Output);
        Assert.Equal(0, await data.ScalarAsync<int>("SELECT count(*) FROM side_events WHERE id = @proposal AND flyer IS NOT NULL", new { proposal }));
    }
}
