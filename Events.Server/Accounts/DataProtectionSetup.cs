using System.Xml.Linq;
using Events.Server.Database;
using Events.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;

namespace Events.Server.Accounts;

/// <summary>
/// Data Protection keys (sign-in cookies, reset and confirmation links, authenticator keys) in the database, so that
/// every instance shares them and a restart signs nobody out; encrypted with <see cref="KeyEncryptionCertificate"/>.
/// Keys an earlier version kept as files in keys/ are carried over once, encrypted on the way in.
/// </summary>
public static class DataProtectionSetup
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    public static IServiceCollection AddEventsDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var certificate = KeyEncryptionCertificate.LoadOrCreate(Path.Combine(KeysDirectory(configuration), "key-encryption.pfx"));
        services.AddSingleton(new KeyEncryption(certificate));
        services.AddDataProtection().SetApplicationName("Events")
            .PersistKeysToDbContext<EventsDbContext>()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        return services;
    }

    public static string KeysDirectory(IConfiguration configuration) =>
        Path.GetFullPath(DataPaths.Resolve(configuration, "Events:DataProtectionKeysDirectory", "keys"));

    /// <summary>Copies the keys of the file-based key ring (before the upgrade) into the database, encrypted; once.</summary>
    public static async Task ImportFileKeysAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        var directory = new DirectoryInfo(KeysDirectory(configuration));
        if (!directory.Exists) return;
        var files = directory.GetFiles("key-*.xml");
        if (files.Length == 0) return;
        var encryptor = new CertificateXmlEncryptor(services.GetRequiredService<KeyEncryption>().Certificate, services.GetRequiredService<ILoggerFactory>());
        await using var db = await services.GetRequiredService<IDbContextFactory<EventsDbContext>>().CreateDbContextAsync();
        var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync()).ToHashSet();
        var imported = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file.Name);
            if (known.Contains(name)) continue;
            var key = XElement.Load(file.FullName);
            // As Data Protection itself does on writing: every element that asks for encryption is replaced by its encrypted form.
            foreach (var secret in key.Descendants().Where(e => (bool?)e.Attribute(DataProtection + "requiresEncryption") == true).ToList())
            {
                var encrypted = encryptor.Encrypt(new XElement(secret));
                secret.ReplaceWith(new XElement(DataProtection + "encryptedSecret",
                    new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!), encrypted.EncryptedElement));
            }
            key.DescendantNodes().OfType<XComment>().Remove();
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = key.ToString(SaveOptions.DisableFormatting) });
            imported++;
        }
        if (imported == 0) return;
        await db.SaveChangesAsync();
        logger.LogWarning("Moved {Count} Data Protection key(s) from {Directory} into the database, encrypted. The key-*.xml files there hold them unencrypted: delete them once every instance runs this version.", imported, directory.FullName);
    }

    public sealed record KeyEncryption(System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate);
}
