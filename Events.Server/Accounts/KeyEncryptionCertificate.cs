using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Events.Server.Accounts;

/// <summary>
/// The certificate that encrypts the Data Protection keys kept in the database. It lives in the data folder's keys/
/// directory, never in the database: a dump or backup of the database alone holds only encrypted keys, so it cannot
/// decrypt sign-in cookies, authenticator keys or reset links. Every instance of a site needs the same file.
/// </summary>
public static class KeyEncryptionCertificate
{
    public static X509Certificate2 LoadOrCreate(string path)
    {
        if (File.Exists(path)) return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.Exportable);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Events data protection key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var pfx = created.Export(X509ContentType.Pkcs12);
        // Two instances starting at once on a shared folder: the first file written wins, the other loads it.
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            file.Write(pfx);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (IOException) when (File.Exists(path)) { }
        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.Exportable);
    }
}
