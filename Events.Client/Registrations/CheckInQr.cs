using QRCoder;

namespace Events.Client.Registrations;

public static class CheckInQr
{
    /// <summary>A PNG QR code as a data: address, so the ticket shows without another request (and works offline once loaded).</summary>
    public static string DataUri(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
