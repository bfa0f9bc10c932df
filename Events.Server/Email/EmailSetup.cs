using Events.Server.Hosting;
using Events.Shared.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Events.Server.Email;

public static class EmailSetup
{
    public static IServiceCollection AddEventsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().BindConfiguration("Events:Email")
            .PostConfigure(o => o.MailboxDirectory = DataPaths.Resolve(configuration, "Events:Email:MailboxDirectory", "mailbox"))
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Events:Email:From must be a mail address, like \"Events <no-reply@example.org>\".")
            .Validate(o => o.Outbox.RetryBaseSeconds <= o.Outbox.MaxRetryDelaySeconds, "Events:Email:Outbox:RetryBaseSeconds must not exceed MaxRetryDelaySeconds.")
            .ValidateOnStart();
        // The ranges on the nested settings (Smtp, Outbox).
        services.AddSingleton<IValidateOptions<EmailOptions>, NestedEmailOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value);
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<DevelopmentMailbox>();
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<EmailOptions>().UsesSmtp
            ? sp.GetRequiredService<SmtpMailSender>() : sp.GetRequiredService<DevelopmentMailbox>());
        services.AddSingleton<IMailboxReader>(sp => sp.GetRequiredService<EmailOptions>().UsesSmtp
            ? new NoMailbox() : sp.GetRequiredService<DevelopmentMailbox>());
        services.AddScoped<IOutboxAdmin, OutboxAdmin>();
        services.AddSingleton<MailOutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailOutboxSender>());
        return services;
    }

    /// <summary>Attachment downloads for the admin mailbox page.</summary>
    public static IEndpointRouteBuilder MapDevelopmentMailbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/mailbox/{id}/attachments/{index:int}", async (string id, int index, IMailboxReader reader) =>
        {
            var attachment = reader is DevelopmentMailbox mailbox ? await mailbox.FindAttachmentAsync(id, index) : null;
            return attachment is null ? Results.NotFound() : Results.File(attachment.Content, attachment.ContentType, attachment.FileName);
        }).RequireAuthorization(policy => policy.RequireRole(Events.Server.Accounts.Roles.Admin));
        return endpoints;
    }

    private sealed class NestedEmailOptionsValidation : IValidateOptions<EmailOptions>
    {
        public ValidateOptionsResult Validate(string? name, EmailOptions options)
        {
            var errors = new List<string>();
            foreach (var (section, value) in new (string, object?)[] { ("Smtp", options.Smtp), ("Outbox", options.Outbox) })
            {
                if (value is null) continue;
                var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
                if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(value, new(value), results, validateAllProperties: true))
                    errors.AddRange(results.Select(r => $"Events:Email:{section}: {r.ErrorMessage}"));
            }
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
