using Events.Shared.Accounts;
using Events.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Events.Tests.Admin;

/// <summary>The users page's search, as the app's service runs it on PostgreSQL: by name or address, any case, literally.</summary>
public sealed class UserSearchTests
{
    [Fact]
    public async Task Admins_find_accounts_by_part_of_a_name_or_address_in_any_case_and_wildcards_match_only_themselves()
    {
        var data = await TestData.CreateAsync();
        var admin = await data.AddUserAsync("Ada Admin", "Admin");
        var nadia = await data.Db.AddAccountAsync("Nadia Rahman", "nadia.rahman@defenders.example.org");
        var percent = await data.Db.AddAccountAsync("100% Rights", "percent@example.org");
        var underscore = await data.Db.AddAccountAsync("a_b network", "underscore@example.org");
        var plain = await data.Db.AddAccountAsync("axb network", "axb@example.org");
        var users = data.Services.CreateScope().ServiceProvider.GetRequiredService<IUserAdmin>();

        async Task<IReadOnlyList<Guid>> FoundAsync(string search) => (await users.ListAsync(admin, search)).Select(u => u.Id).ToList();

        Assert.Equal([nadia.Id], await FoundAsync("RAHMAN"));
        Assert.Equal([nadia.Id], await FoundAsync("  @Defenders.example "));
        Assert.Equal([percent.Id], await FoundAsync("100%"));
        Assert.Equal([underscore.Id], await FoundAsync("a_b"));
        Assert.Contains(plain.Id, await FoundAsync("axb"));
        Assert.Empty(await FoundAsync("nobody by this name"));
        // Nobody but an Admin sees the list.
        Assert.Empty(await users.ListAsync(nadia.Id, "Rahman"));
    }
}
