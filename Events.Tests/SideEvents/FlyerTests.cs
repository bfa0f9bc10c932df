using System.Net;
using System.Text;
using Events.Shared.SideEvents;
using Events.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Events.Tests.SideEvents;

public sealed class FlyerTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
    private static readonly byte[] WindowsProgram = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, null)]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 }, null)] // "<svg": can carry script
    public void Flyers_are_recognised_by_content(byte[] content, string? expected) =>
        Assert.Equal(expected, FlyerRules.DetectContentType(content));

    [Fact]
    public async Task A_program_renamed_to_pdf_is_refused_and_a_real_pdf_is_stored_under_a_safe_name()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, _, _) = await data.AddConveningAsync(organiser);
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser);

        var exe = await data.Workflow.AttachFlyerAsync(organiser, id, "flyer.pdf", WindowsProgram);
        Assert.Contains("must be a PDF, PNG, JPEG or WebP", exe.Error);
        var huge = await data.Workflow.AttachFlyerAsync(organiser, id, "big.pdf", [.. Pdf, .. new byte[FlyerRules.MaxBytes]]);
        Assert.Contains("at most 5 MB", huge.Error);
        await using var db = await data.Db.CreateDbContextAsync();
        Assert.Null(await db.SideEvents.Where(e => e.Id == id).Select(e => e.FlyerContentType).SingleAsync());

        var ok = await data.Workflow.AttachFlyerAsync(organiser, id, "../../etc/Our \"flyer\" <2027>.pdf", Pdf);
        Assert.True(ok.Succeeded, ok.Error);
        var stored = await db.SideEvents.Where(e => e.Id == id).Select(e => new { e.FlyerFileName, e.FlyerContentType }).SingleAsync();
        Assert.Equal("Our--flyer---2027.pdf", stored.FlyerFileName);
        Assert.Equal("application/pdf", stored.FlyerContentType);
    }

    [Fact]
    public async Task Only_the_proposer_or_organisers_can_attach_a_flyer_and_the_public_gets_it_only_once_scheduled()
    {
        var data = await TestData.CreateAsync();
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var stranger = await data.AddUserAsync("Stranger");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser);

        Assert.False((await data.Workflow.AttachFlyerAsync(stranger, id, "x.pdf", Pdf)).Succeeded);
        Assert.True((await data.Workflow.AttachFlyerAsync(organiser, id, "x.pdf", Pdf)).Succeeded);
        Assert.Null(await data.Workflow.PublicFlyerAsync(id));
        await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 9), Start = new(10, 0), End = new(11, 0) });
        Assert.Equal(Pdf, (await data.Workflow.PublicFlyerAsync(id))!.Content);
    }

    [Fact]
    public async Task Downloading_a_flyer_over_HTTP_gives_its_checked_type_and_no_sniffing()
    {
        await using var app = await EventsAppFactory.CreateAsync();
        var client = app.CreateClient();
        var data = await TestData.ForAsync(app.ConnectionString);
        var organiser = await data.AddUserAsync("Org", "Organiser");
        var (slug, room, _) = await data.AddConveningAsync(organiser);
        var id = await data.AddAcceptedEventAsync(slug, organiser, organiser);
        await data.Workflow.AttachFlyerAsync(organiser, id, "flyer.pdf", Pdf);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/e/{id}/flyer")).StatusCode);
        await data.Workflow.ScheduleAsync(organiser, new ScheduleForm { SideEventId = id, RoomId = room, Day = new(2027, 3, 9), Start = new(10, 0), End = new(11, 0) });

        var response = await client.GetAsync($"/e/{id}/flyer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());
    }
}
