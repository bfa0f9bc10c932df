using Dapper;
using Events.Server.Database;
using Microsoft.AspNetCore.Identity;

namespace Events.Server.Accounts;

/// <summary>Identity's role store on PostgreSQL. The three roles are created by migration 0001.</summary>
public sealed class DapperRoleStore(DatabaseConnections database) : IRoleStore<EventsRole>
{
    private const string Columns = "id, name, normalized_name AS NormalizedName, concurrency_stamp AS ConcurrencyStamp";

    public async Task<IdentityResult> CreateAsync(EventsRole role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO roles (id, name, normalized_name, concurrency_stamp) VALUES (@Id, @Name, @NormalizedName, @ConcurrencyStamp)", role);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(EventsRole role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE roles SET name = @Name, normalized_name = @NormalizedName, concurrency_stamp = @ConcurrencyStamp WHERE id = @Id", role);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(EventsRole role, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM roles WHERE id = @Id", new { role.Id });
        return IdentityResult.Success;
    }

    public async Task<EventsRole?> FindByIdAsync(string roleId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(roleId, out var id)) return null;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EventsRole>($"SELECT {Columns} FROM roles WHERE id = @id", new { id });
    }

    public async Task<EventsRole?> FindByNameAsync(string normalizedRoleName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EventsRole>(
            $"SELECT {Columns} FROM roles WHERE normalized_name = @normalizedRoleName", new { normalizedRoleName });
    }

    public Task<string> GetRoleIdAsync(EventsRole role, CancellationToken cancellationToken) => Task.FromResult(role.Id.ToString());
    public Task<string?> GetRoleNameAsync(EventsRole role, CancellationToken cancellationToken) => Task.FromResult<string?>(role.Name);
    public Task SetRoleNameAsync(EventsRole role, string? roleName, CancellationToken cancellationToken) { role.Name = roleName ?? ""; return Task.CompletedTask; }
    public Task<string?> GetNormalizedRoleNameAsync(EventsRole role, CancellationToken cancellationToken) => Task.FromResult<string?>(role.NormalizedName);
    public Task SetNormalizedRoleNameAsync(EventsRole role, string? normalizedName, CancellationToken cancellationToken) { role.NormalizedName = normalizedName ?? ""; return Task.CompletedTask; }
    public void Dispose() { }
}
