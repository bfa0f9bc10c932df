using System.Security.Claims;
using Events.Server.Hosting;
using Events.Shared.Accounts;
using Events.Client.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Events.Server.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Events.Server.Accounts;

public static class AccountsSetup
{
    public const string DisplayNameClaim = "display_name";

    public static IServiceCollection AddEventsAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEventsDataProtection(configuration);

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<EventsUser>(options =>
            {
                options.SignIn.RequireConfirmedEmail = true;
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = ""; // the user name is the e-mail address; validated as one
                options.Password.RequiredLength = AccountLimits.PasswordMinLength;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                // No account lockout: anyone's wrong passwords would lock the owner out. LoginThrottle slows guessing instead.
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<EventsRole>()
            .AddUserStore<EventsUserStore>()
            .AddRoleStore<RoleStore<EventsRole, EventsDbContext, Guid>>()
            .AddSignInManager<EventsSignInManager>()
            // Links in mails (confirmation, reset) and authenticator apps; no e-mail or SMS codes, which Identity would
            // otherwise offer as second factors (and the phone one needs a phone-number store this app does not have).
            .AddTokenProvider<DataProtectorTokenProvider<EventsUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<AuthenticatorTokenProvider<EventsUser>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddClaimsPrincipalFactory<EventsClaimsPrincipalFactory>();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "events.auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddTwoFactor(configuration);
        // Role removals, password resets and erasures end sessions at once (SessionRevocations); changes made
        // behind the app's back, in the database, within this interval.
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityStampValidatorOptions>().Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((stamp, accounts) =>
            stamp.ValidationInterval = TimeSpan.FromSeconds(accounts.Value.SessionCheckSeconds));
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<KnownDevices>();
        services.AddSingleton<AccountMailLimiter>();
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, EventsSecurityStampValidator>());
        services.Replace(ServiceDescriptor.Scoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>());
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<IAccountService, AccountService>();
        services.AddScoped<AccountService>();
        services.AddScoped<AdminBootstrapper>();
        services.AddScoped<IUserAdmin, UserAdminService>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post (with antiforgery) rather than a link, so that another site cannot log people out.
        endpoints.MapPost("/account/logout", async (SignInManager<EventsUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).RequireAntiforgery();
        // Erasure, as a plain form post from the profile page (which asks first): it signs the browser out, so it
        // cannot happen inside a circuit. The outcome goes back as a code.
        endpoints.MapPost("/my/account/delete", async ([FromForm] string? password, HttpContext http, IAccountService accounts) =>
        {
            if (CurrentUser.Id(http.User) is not { } userId) return Results.Unauthorized();
            var result = await accounts.DeleteAccountAsync(userId, password ?? "");
            return Results.LocalRedirect(result.Succeeded ? $"/?outcome={AccountOutcomes.Erased}" : $"/my/profile?outcome={AccountOutcomes.EraseRefused}");
        }).RequireAuthorization().RequireAntiforgery();
        return endpoints;
    }
}

/// <summary>
/// The sign-in cookie's claims: id, name, address, security stamp, roles, and the display name (so that pages can greet
/// the user without a database call). Identity's own factory also reads user claims and each role's claims, which the
/// app never stores; every session check in a registration rush paid those queries, so this reads the roles only.
/// </summary>
public sealed class EventsClaimsPrincipalFactory(UserManager<EventsUser> users, RoleManager<EventsRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<EventsUser, EventsRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(EventsUser user)
    {
        var types = Options.ClaimsIdentity;
        var identity = new ClaimsIdentity("Identity.Application", types.UserNameClaimType, types.RoleClaimType);
        identity.AddClaim(new Claim(types.UserIdClaimType, user.Id.ToString()));
        identity.AddClaim(new Claim(types.UserNameClaimType, user.UserName ?? ""));
        if (user.Email is { } email) identity.AddClaim(new Claim(types.EmailClaimType, email));
        if (user.SecurityStamp is { } stamp) identity.AddClaim(new Claim(types.SecurityStampClaimType, stamp));
        foreach (var role in await UserManager.GetRolesAsync(user)) identity.AddClaim(new Claim(types.RoleClaimType, role));
        identity.AddClaim(new Claim(AccountsSetup.DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
