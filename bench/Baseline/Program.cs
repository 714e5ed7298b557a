using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mudbase.Contracts;

// The ceiling the ingest benchmark compares Mudbase against: the same Kestrel, the same JWT validation and the
// same JSON body binding, but nothing stored, so the ratio isolates what validation, the ledger and the
// durable commit cost.
var builder = WebApplication.CreateBuilder(args);

// Read from the same keys as the server, so one token and one environment serve both.
var jwt = builder.Configuration.GetSection("Mudbase:Jwt");
var signingKey = jwt["SigningKey"]
    ?? throw new InvalidOperationException("Mudbase:Jwt:SigningKey is required (the HS256 key the server signs tokens with).");
if (Encoding.UTF8.GetByteCount(signingKey) < 32)
    throw new InvalidOperationException("Mudbase:Jwt:SigningKey must be at least 32 bytes.");

builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, MudbaseJsonContext.Default));
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    // Mirrors the server's TokenService.ValidationParameters and AuthSetup, so both pay the same per-request cost.
    options.MapInboundClaims = false;
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = jwt["Issuer"] ?? "mudbase",
        ValidAudience = jwt["Audience"] ?? "mudbase-api",
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = "role",
    };
});
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/alive", () => TypedResults.Ok());
app.MapPost("/api/compliance/security-event", (LogSecurityEventRequest request) =>
        TypedResults.Ok(new LogSecurityEventResponse(true, "Security event recorded", NewEventId())))
    .RequireAuthorization();
app.Run();

// Random like a real id, so the baseline pays for the same entropy per response.
static string NewEventId()
{
    Span<byte> bytes = stackalloc byte[16];
    RandomNumberGenerator.Fill(bytes);
    return "evt_" + Convert.ToHexStringLower(bytes);
}
