using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Npgsql;

namespace Events.Server.Database;

public sealed class EmbeddedPostgresOptions
{
    /// <summary>The cluster's data folder; relative paths are taken from the current directory.</summary>
    public string DataDirectory { get; set; } = Path.Combine(".data", "postgres");
    /// <summary>Folder holding initdb and pg_ctl; found with pg_config or under /usr/lib/postgresql when empty.</summary>
    public string? BinDirectory { get; set; }
    public string DatabaseName { get; set; } = "events";
    /// <summary>
    /// The most connections the app opens to its database at once. Each new connection costs a SCRAM handshake (a
    /// PBKDF2 of 4,096 rounds) and a PostgreSQL process, and two cores run no more than a handful of queries at a time:
    /// with Npgsql's default of 100, a registration rush opened about 80 connections while it ran, and their handshakes
    /// were the largest single item in a trace of the server's busy time.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;
    /// <summary>Extra server settings (name=value) passed on start, e.g. fsync=off for throwaway test clusters.</summary>
    public List<string> ServerSettings { get; set; } = [];
}

/// <summary>Raised when the machine has no PostgreSQL server programs; the message says how to install them.</summary>
public sealed class PostgresNotInstalledException(string message) : Exception(message);

/// <summary>
/// A private PostgreSQL cluster that the app starts when no connection string is configured.
/// PostgreSQL refuses to run as root, so under root every server program runs as the 'postgres' user.
/// The cluster is left running if the app is killed; the next start finds it through postmaster.pid and reuses it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmbeddedPostgresCluster
{
    private const string SuperUser = "events";
    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly string _binDirectory;
    private readonly bool _runAsPostgresUser;

    private EmbeddedPostgresCluster(EmbeddedPostgresOptions options, ILogger logger, string binDirectory)
    {
        _options = options;
        _logger = logger;
        _binDirectory = binDirectory;
        _runAsPostgresUser = IsRoot();
        DataDirectory = Path.GetFullPath(options.DataDirectory);
    }

    public string DataDirectory { get; }
    public int Port { get; private set; }
    /// <summary>The app's connection: the app database as the app's own role (<see cref="AppDatabaseRole"/>), not the superuser.</summary>
    public string ConnectionString { get; private set; } = "";
    private string _adminConnectionString = "";
    private string PasswordFile => DataDirectory.TrimEnd('/') + ".password";
    private string AppPasswordFile => DataDirectory.TrimEnd('/') + ".app-password";
    private string LogFile => Path.Combine(DataDirectory, "server.log");

    public static async Task<EmbeddedPostgresCluster> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        var cluster = new EmbeddedPostgresCluster(options, logger, FindBinDirectory(options.BinDirectory));
        await cluster.StartAsync(cancellationToken);
        return cluster;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DataDirectory)!);
        var password = await EnsureInitialisedAsync(cancellationToken);

        var runningPort = await RunningPortAsync(cancellationToken);
        if (runningPort is int port)
        {
            _logger.LogInformation("Reusing the PostgreSQL cluster already running in {DataDirectory} on port {Port}", DataDirectory, port);
            Port = port;
        }
        else
        {
            Port = FreeTcpPort();
            var settings = new List<string>
            {
                $"-p {Port}", "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", "-c max_connections=300",
            };
            settings.AddRange(_options.ServerSettings.Select(s => $"-c {s}"));
            var result = await RunAsync("pg_ctl", ["start", "-w", "-t", "90", "-D", DataDirectory, "-l", LogFile, "-o", string.Join(' ', settings)], cancellationToken);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"PostgreSQL did not start from {DataDirectory}: {result.Output.Trim()} (see {LogFile})");
            _logger.LogInformation("Started the embedded PostgreSQL cluster in {DataDirectory} on port {Port}", DataDirectory, Port);
        }

        _adminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = SuperUser, Password = password, Database = "postgres", Pooling = false,
        }.ConnectionString;
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await AppDatabaseRole.EnsureRoleAsync(admin, await AppPasswordAsync(cancellationToken), cancellationToken);
        }
        ConnectionString = await CreateDatabaseAsync(_options.DatabaseName, cancellationToken);
    }

    /// <summary>The app role's password, made once and kept beside the superuser's, readable by the owner only.</summary>
    private async Task<string> AppPasswordAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(AppPasswordFile)) return (await File.ReadAllTextAsync(AppPasswordFile, cancellationToken)).Trim();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(AppPasswordFile, password, cancellationToken);
        File.SetUnixFileMode(AppPasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    public async Task StopAsync()
    {
        var result = await RunAsync("pg_ctl", ["stop", "-w", "-m", "fast", "-D", DataDirectory], CancellationToken.None);
        if (result.ExitCode == 0)
            _logger.LogInformation("Stopped the embedded PostgreSQL cluster in {DataDirectory}", DataDirectory);
        else
            _logger.LogWarning("Stopping PostgreSQL in {DataDirectory} failed: {Output}", DataDirectory, result.Output.Trim());
    }

    /// <summary>
    /// Creates a database on this cluster owned by the app's role (tests use one database per test class), or hands an
    /// existing one over to it, and returns the app role's connection string for it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await CreateDatabaseIfMissingAsync(_adminConnectionString, name, cancellationToken);
        var adminOnDatabase = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name };
        await using (var admin = new NpgsqlConnection(adminOnDatabase.ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await AppDatabaseRole.HandOverDatabaseAsync(admin, cancellationToken);
        }
        return new NpgsqlConnectionStringBuilder(adminOnDatabase.ConnectionString)
        {
            Username = AppDatabaseRole.Name, Password = await AppPasswordAsync(cancellationToken), Pooling = true, MaxPoolSize = _options.MaxPoolSize,
        }.ConnectionString;
    }

    /// <summary>The superuser's connection string for a database, for set-up work only (tests that inspect roles).</summary>
    public string AdminConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database }.ConnectionString;

    private async Task<string> EnsureInitialisedAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            if (!File.Exists(PasswordFile))
                throw new InvalidOperationException($"The PostgreSQL cluster in {DataDirectory} has no password file {PasswordFile}; delete the folder to start afresh.");
            return (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        }

        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
            throw new InvalidOperationException($"{DataDirectory} is not empty and holds no PostgreSQL cluster; empty it or choose another Events:Database:DataDirectory.");

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        Directory.CreateDirectory(DataDirectory);
        // The initial password reaches initdb through a temporary file only the cluster's owner can read.
        var passwordTemp = DataDirectory.TrimEnd('/') + ".initdb-password";
        await File.WriteAllTextAsync(passwordTemp, password, cancellationToken);
        File.SetUnixFileMode(passwordTemp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (_runAsPostgresUser)
        {
            await MakeReachableByPostgresUserAsync(DataDirectory, cancellationToken);
            await RunPlainAsync("chown", ["postgres:postgres", DataDirectory, passwordTemp], cancellationToken);
        }
        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await RunAsync("initdb", ["-D", DataDirectory, "-U", SuperUser, "--pwfile", passwordTemp,
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
        File.Delete(passwordTemp);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"initdb failed for {DataDirectory}: {result.Output.Trim()}");

        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _logger.LogInformation("Initialised a new PostgreSQL cluster in {DataDirectory}", DataDirectory);
        return password;
    }

    /// <summary>The port of a postmaster already serving this data folder, if there is one (e.g. after the app was killed).</summary>
    private async Task<int?> RunningPortAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        var status = await RunAsync("pg_ctl", ["status", "-D", DataDirectory], cancellationToken);
        if (status.ExitCode != 0) return null; // stale pid file: pg_ctl start cleans it up
        var lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private static async Task CreateDatabaseIfMissingAsync(string adminConnectionString, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        }
        var quoted = "\"" + name.Replace("\"", "\"\"") + "\"";
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase || e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it at the same moment: that is what we wanted.
        }
    }

    private static string FindBinDirectory(string? configured)
    {
        static bool HasServer(string? dir) => dir is not null && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        if (!string.IsNullOrWhiteSpace(configured))
            return HasServer(configured) ? configured : throw new PostgresNotInstalledException(
                $"No initdb and pg_ctl in Events:Database:BinDirectory '{configured}': install PostgreSQL with 'sudo apt-get install -y postgresql' or fix the setting.");
        try
        {
            var info = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            var dir = info?.StandardOutput.ReadToEnd().Trim();
            info?.WaitForExit();
            if (HasServer(dir)) return dir!;
        }
        catch (System.ComponentModel.Win32Exception) { /* pg_config is not installed */ }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => HasServer(d.dir)).OrderByDescending(d => d.version).FirstOrDefault();
            if (newest.dir is not null) return newest.dir;
        }
        throw new PostgresNotInstalledException(
            "PostgreSQL server programs not found: install them with 'sudo apt-get install -y postgresql', or set ConnectionStrings:Events to an existing server.");
    }

    /// <summary>Under root the server runs as 'postgres', which needs to pass through every parent folder (search permission only).</summary>
    private async Task MakeReachableByPostgresUserAsync(string directory, CancellationToken cancellationToken)
    {
        for (var dir = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var probe = await RunPlainAsync("runuser", ["-u", "postgres", "--", "test", "-x", dir], cancellationToken);
            if (probe.ExitCode == 0) continue;
            var mode = File.GetUnixFileMode(dir);
            File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
            _logger.LogWarning("Granted search permission (o+x) on {Directory} so that the 'postgres' user can reach the data folder", dir);
        }
    }

    private Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, program);
        return _runAsPostgresUser
            ? RunPlainAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : RunPlainAsync(path, arguments, cancellationToken);
    }

    private static async Task<ProcessResult> RunPlainAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ProcessResult(process.ExitCode, await stdout + await stderr);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private static bool IsRoot() => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    private sealed record ProcessResult(int ExitCode, string Output);
}
