using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Events.Server.Accounts;
using Events.Tests.Infrastructure;

namespace Events.Tests.Accounts;

/// <summary>The real server on a real port; clients come from different loopback addresses (127.0.0.x), as from different networks.</summary>
public sealed class LoginGuessingFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;
    public TestData Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataDirectory = Path.Combine(TestPostgres.RunDirectory, "guessing-" + Guid.NewGuid().ToString("N")[..8]);
        // A first wait of two minutes: the answers then do not depend on how fast a loaded machine runs the attempts.
        Server = await ServerProcess.StartAsync([$"--ConnectionStrings:Events={connectionString}", $"--Events:DataDirectory={dataDirectory}",
            "--Events:Accounts:Login:FirstDelaySeconds=120"]);
        Data = await TestData.ForAsync(connectionString);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Account enumeration and targeted lockout replayed: unknown and known addresses get the same answers in the same
/// time; an attacker's wrong passwords slow the attacker, not the owner.
/// </summary>
public sealed class LoginGuessingTests(LoginGuessingFixture fixture) : IClassFixture<LoginGuessingFixture>
{
    private const string Password = "a long enough passphrase";
    private const string TooMany = "Too many failed attempts";

    /// <summary>A browser on the network <paramref name="localAddress"/>; its cookies stay with it.</summary>
    private HttpClient ClientFrom(string localAddress) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        CookieContainer = new CookieContainer(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri(fixture.Server.BaseUrl) };

    /// <summary>Posts the login form; returns whether it logged in, the message shown otherwise, and how long the post took.</summary>
    private static async Task<(bool LoggedIn, string Message, TimeSpan Took)> LogInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetDocumentAsync("/account/login");
        var form = page.QuerySelectorAll<IHtmlFormElement>("form").First(f => f.QuerySelector("input[name=_handler][value=login]") is not null);
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
        var took = watch.Elapsed;
        if (response.StatusCode == HttpStatusCode.Redirect) return (true, "", took);
        var document = await response.ReadDocumentAsync();
        return (false, document.QuerySelector("[data-testid=form-errors]")?.TextContent.Trim() ?? "", took);
    }

    [Fact]
    public async Task Ten_wrong_passwords_slow_the_attacker_and_the_same_for_an_unknown_address_but_not_the_owner()
    {
        var owner = await fixture.Data.AddWithPasswordAsync("Olivia Owner", Password);
        // The owner's phone has logged in before, from the café network the attacker will use.
        using var phone = ClientFrom("127.0.0.21");
        Assert.True((await LogInAsync(phone, owner.Email, Password)).LoggedIn);

        using var attacker = ClientFrom("127.0.0.21");
        var onOwner = new List<string>();
        var onNobody = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            onOwner.Add((await LogInAsync(attacker, owner.Email, $"guess number {i} here")).Message);
            onNobody.Add((await LogInAsync(attacker, "nobody.at.all@example.org", $"guess number {i} here")).Message);
        }
        Assert.All(onOwner.Take(5), m => Assert.Equal(AccountService.WrongCredentials, m));
        Assert.All(onOwner.Skip(6), m => Assert.StartsWith(TooMany, m));
        // Known or unknown address: the same answers, throttling included.
        Assert.Equal(onOwner.Select(Kind), onNobody.Select(Kind));

        // The owner gets in with the right password: from another network right away, and from the café on the known phone.
        using var laptop = ClientFrom("127.0.0.22");
        Assert.True((await LogInAsync(laptop, owner.Email, Password)).LoggedIn);
        Assert.True((await LogInAsync(phone, owner.Email, Password)).LoggedIn);
        // The attacker, even with the right password, waits.
        Assert.StartsWith(TooMany, (await LogInAsync(attacker, owner.Email, Password)).Message);
    }

    [Fact]
    public async Task Guessing_from_many_networks_slows_new_devices_but_never_the_owners_known_device()
    {
        var owner = await fixture.Data.AddWithPasswordAsync("Nadia Networks", Password);
        using var phone = ClientFrom("127.0.0.31");
        Assert.True((await LogInAsync(phone, owner.Email, Password)).LoggedIn);

        for (var i = 0; i < 24; i++)
        {
            using var bot = ClientFrom($"127.0.1.{10 + i}");
            var answer = (await LogInAsync(bot, owner.Email, $"guess number {i} here")).Message;
            // Twenty-one guesses are checked; then every new network must wait too.
            if (i < 21) Assert.Equal(AccountService.WrongCredentials, answer); else Assert.StartsWith(TooMany, answer);
        }

        using var newLaptop = ClientFrom("127.0.0.32");
        Assert.StartsWith(TooMany, (await LogInAsync(newLaptop, owner.Email, Password)).Message);
        Assert.True((await LogInAsync(phone, owner.Email, Password)).LoggedIn);
    }

    [Fact]
    public async Task A_wrong_password_takes_as_long_for_an_unknown_address_as_for_a_real_account()
    {
        var accounts = new List<string>();
        for (var i = 0; i < 21; i++) accounts.Add((await fixture.Data.AddWithPasswordAsync($"Timing Person {i}", Password)).Email);
        using var client = ClientFrom("127.0.0.41");
        await LogInAsync(client, accounts[20], "warming the server up"); // first use of the hasher and the pages
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            known.Add((await LogInAsync(client, accounts[i], "not the right password")).Took.TotalMilliseconds);
            unknown.Add((await LogInAsync(client, $"nobody.{i}@example.org", "not the right password")).Took.TotalMilliseconds);
        }
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var ratio = Median(unknown) / Median(known);
        Assert.True(ratio is > 0.6 and < 1.6, $"median unknown {Median(unknown):F1} ms, known {Median(known):F1} ms");
    }

    private static string Kind(string message) => message.StartsWith(TooMany) ? TooMany : message;
}
